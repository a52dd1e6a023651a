import type { SystemClient } from '../client/client.js';
import type { OrderView } from '../client/types.js';
import type { System } from '../launcher/launcher.js';

export const scenarioNames = [
  'happy-path',
  'out-of-stock',
  'insufficient-funds',
  'payment-crash',
  'broker-outage',
  'payment-timeout',
] as const;
export type ScenarioName = (typeof scenarioNames)[number];

/** The part of a launched system the scenarios drive. */
export type ScenarioSystem = Pick<
  System,
  'client' | 'kill' | 'restart' | 'pause' | 'resume' | 'brokerDown' | 'brokerUp' | 'canInjectOutage'
>;

export interface ScenarioContext {
  system: ScenarioSystem;
  client: SystemClient;
  /** Makes this run's SKUs and customers unique, so scenarios and reruns never share stock or wallets. */
  runId: string;
  /** The order service's PAYMENT_TIMEOUT_MS: the payment-timeout scenario waits past it. */
  paymentTimeoutMs: number;
  /** Longest wait for a saga to settle in the scenarios without injected delays. */
  settleTimeoutMs: number;
  /** Progress lines ("payment paused"); the CLI prints them, tests may ignore them. */
  note: (line: string) => void;
}

export interface ScenarioResult {
  name: ScenarioName;
  orderId: string | null;
  expected: string;
  actual: string;
  ok: boolean;
  mismatches: string[];
  /** The order as last read, for printing its timeline. */
  view: OrderView | null;
  /** Set when the scenario could not finish (a timeout, a service that would not start). */
  error: string | null;
}

export interface Scenario {
  name: ScenarioName;
  summary: string;
  run(context: ScenarioContext): Promise<ScenarioResult>;
}
