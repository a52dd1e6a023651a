import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { Logger } from 'pino';
import type { System } from '../launcher/launcher.js';
import type { ServiceName } from '../launcher/types.js';
import type { Fault } from './plan.js';

/** A fault as it happened, for the report. */
export interface FaultRecord {
  atMs: number;
  kind: Fault['kind'];
  service?: ServiceName;
  durationMs?: number;
  note: string;
}

/** The relay's advisory-lock namespace (RelayOptions.lockSpace default). */
const relayLockSpace = 0x5a6a;

/**
 * Carries out the plan against the running system. A killed service is started again
 * at once; while the broker is down it cannot become ready, so starting is retried
 * until it is. Faults on one service wait for its previous restart to finish. With
 * several instances of a service, its faults take them in turn.
 */
export async function runFaults(
  system: System,
  faults: readonly Fault[],
  startedAt: number,
  logger: Logger,
): Promise<FaultRecord[]> {
  const records: FaultRecord[] = [];
  const busy = new Map<ServiceName, Promise<void>>();
  const faultsSoFar = new Map<ServiceName, number>();
  const nextInstance = (service: ServiceName): number => {
    const count = faultsSoFar.get(service) ?? 0;
    faultsSoFar.set(service, count + 1);
    return count % system.instances;
  };
  const at = () => Date.now() - startedAt;
  const onService = (service: ServiceName, work: () => Promise<void>): Promise<void> => {
    const next = (busy.get(service) ?? Promise.resolve()).then(work);
    busy.set(
      service,
      next.catch(() => undefined),
    );
    return next;
  };
  const restart = async (service: ServiceName, instance: number): Promise<number> => {
    const began = Date.now();
    for (let attempt = 1; ; attempt++) {
      try {
        await system.service(service, instance).start();
        return Date.now() - began;
      } catch (error) {
        if (attempt >= 30) throw error;
        logger.warn({ service, attempt, err: (error as Error).message }, 'restart failed; trying again');
        await sleep(1000);
      }
    }
  };
  const runOne = async (fault: Fault): Promise<void> => {
    await sleep(Math.max(0, startedAt + fault.atMs - Date.now()));
    switch (fault.kind) {
      case 'kill':
        return onService(fault.service, async () => {
          const instance = nextInstance(fault.service);
          const killedAt = at();
          await system.kill(fault.service, 'SIGKILL', instance);
          const downMs = await restart(fault.service, instance);
          records.push({
            atMs: killedAt,
            kind: 'kill',
            service: fault.service,
            note: `${instanceName(system, instance)}SIGKILL; ready again after ${downMs} ms`,
          });
        });
      case 'relay-kill':
        return onService(fault.service, async () => {
          const instance = nextInstance(fault.service);
          const seen = await waitForBatchInFlight(system.databaseUrls[fault.service], 15_000);
          const killedAt = at();
          await system.kill(fault.service, 'SIGKILL', instance);
          const downMs = await restart(fault.service, instance);
          // With several instances the locks seen may be another instance's relay's.
          const holder = system.instances === 1 ? 'its relay' : 'a relay of the service';
          const note =
            seen === 0
              ? `${instanceName(system, instance)}no relay batch seen in flight within 15 s (nothing to publish?); killed anyway`
              : `${instanceName(system, instance)}SIGKILL while ${holder} held ${seen} key locks (a batch between claim and commit); ready again after ${downMs} ms`;
          records.push({ atMs: killedAt, kind: 'relay-kill', service: fault.service, note });
        });
      case 'broker-outage': {
        const downAt = at();
        await system.brokerDown();
        await sleep(fault.durationMs);
        await system.brokerUp();
        const downFor = Date.now() - startedAt - downAt;
        records.push({
          atMs: downAt,
          kind: 'broker-outage',
          durationMs: fault.durationMs,
          note: `every broker SIGKILLed, restarted after ${fault.durationMs} ms, serving again after ${downFor} ms`,
        });
        return;
      }
      case 'broker-kill': {
        const downAt = at();
        await system.stopBroker(fault.nodeId);
        await sleep(fault.durationMs);
        const restartedAt = Date.now();
        await system.startBroker(fault.nodeId);
        records.push({
          atMs: downAt,
          kind: 'broker-kill',
          durationMs: fault.durationMs,
          note: `broker ${fault.nodeId} of ${system.stack.kafka.brokers} SIGKILLed for ${fault.durationMs} ms; back ${Date.now() - restartedAt} ms after its restart`,
        });
        return;
      }
      default: {
        const unknown: never = fault;
        throw new Error(`unknown fault ${JSON.stringify(unknown)}`);
      }
    }
  };
  await Promise.all(faults.map(runOne));
  return records.sort((a, b) => a.atMs - b.atMs);
}

function instanceName(system: System, instance: number): string {
  return system.instances === 1 ? '' : `instance ${instance + 1} of ${system.instances}: `;
}

/**
 * Polls the service's database until some connection holds relay key locks: the
 * relay is between claiming a batch and committing its deletion, the window in
 * which a crash leaves published rows behind to be published again. Returns how
 * many locks it saw, or 0 on timeout.
 */
async function waitForBatchInFlight(databaseUrl: string, timeoutMs: number): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const { rows } = await client.query<{ n: number }>(
        `select count(*)::int as n from pg_locks
          where locktype = 'advisory' and classid = $1 and objsubid = 2 and granted`,
        [relayLockSpace],
      );
      const held = rows[0]?.n ?? 0;
      if (held > 0) return held;
      await sleep(1);
    }
    return 0;
  } finally {
    await client.end();
  }
}
