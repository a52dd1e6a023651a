export interface LauncherEndpoints {
  brokers: string[];
  controlPort: number;
  /** librdkafka's version, which is the mock's. */
  version: string;
}

/** Parses the launcher's first stdout line: "bootstrap <host:port,...> control <port> librdkafka <version>". */
export function parseLauncherLine(line: string): LauncherEndpoints {
  const match = /^bootstrap (\S+) control (\d+) librdkafka (\S+)$/.exec(line.trim());
  const brokers = match?.[1]?.split(',').filter((broker) => /^[^:\s]+:\d+$/.test(broker)) ?? [];
  const controlPort = Number(match?.[2]);
  if (!match?.[3] || brokers.length === 0 || !(controlPort > 0 && controlPort < 65536)) {
    throw new Error(`unexpected first line from the Kafka mock launcher: ${JSON.stringify(line)}`);
  }
  return { brokers, controlPort, version: match[3] };
}
