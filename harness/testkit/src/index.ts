// The harness's tools for tests and benchmarks that need no test runner.
// Tools that hook into vitest (inject, beforeAll) are in '@sagaflow/testkit/vitest'.
export { chromiumPath, launchTestBrowser, type TestBrowser } from './browser.js';
export { type CliRun, runCli } from './cli-run.js';
export { runnerArgs, siblingEntry } from './entry.js';
export { KafkaPeer } from './kafka-peer.js';
export { type LeaderLossOptions, type LeaderLossResult, runLeaderLoss } from './leader-loss.js';
export { uniqueName } from './names.js';
export { firstDeliveryOrderPerKey } from './ordering.js';
export {
  enqueueCommitted,
  kafkaClient,
  message,
  type OutboxFixture,
  outboxDatabase,
  type ReceivedRecord,
  recordTap,
  relayStarted,
  spawnRelay,
  stopProcess,
  testEnvelopes,
  testLogger,
  waitForEmptyOutbox,
} from './outbox.js';
export { freePort } from './ports.js';
export { bearer, LocalAuth, type LocalAuthEnv, type TokenClaims } from './tokens.js';
export { waitFor } from './wait.js';
