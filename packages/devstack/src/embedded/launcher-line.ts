export interface LauncherEndpoints {
  brokers: string[];
  controlPort: number;
}

/** Parses the launcher's first stdout line: "bootstrap <host:port,...> control <port>". */
export function parseLauncherLine(line: string): LauncherEndpoints {
  const match = /^bootstrap (\S+) control (\d+)$/.exec(line.trim());
  const brokers = match?.[1]?.split(',').filter((broker) => /^[^:\s]+:\d+$/.test(broker)) ?? [];
  const controlPort = Number(match?.[2]);
  if (!match || brokers.length === 0 || !(controlPort > 0 && controlPort < 65536)) {
    throw new Error(`unexpected first line from the Kafka mock launcher: ${JSON.stringify(line)}`);
  }
  return { brokers, controlPort };
}
