export interface GroupTiming {
  /**
   * How long the coordinator waits for a silent member before it hands its
   * partitions to others, or to its own restarted process: a SIGKILLed member's
   * partitions wait this long.
   */
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
}

/**
 * A 6 s session, the shortest a broker allows by default (group.min.session.timeout.ms),
 * and a heartbeat each second. kafkajs has no static membership, so a restarted
 * process joins as a new member and waits out its predecessor's session: measured
 * by `pnpm bench:restart`, a SIGKILLed member consumes again 6.1 s after the kill
 * (10.1 s with the 10 s session this replaced); a SIGTERMed one, which leaves the
 * group, after 0.9 s.
 */
export const defaultGroupTiming: GroupTiming = { sessionTimeoutMs: 6_000, heartbeatIntervalMs: 1_000 };

/**
 * kafkajs retries a consumer's group and fetch requests with this, and once they
 * run out it restarts the consumer as a new group member, which must then wait
 * for the old member's session to expire before it gets partitions. Retrying at
 * most a second apart for about a minute rides out a broker outage as the same
 * member, and resumes within a second of the broker's return.
 */
export const outageRetry = { initialRetryTime: 100, maxRetryTime: 1_000, retries: 70 };
