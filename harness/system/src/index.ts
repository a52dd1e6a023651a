export { SystemClient } from './client/client.js';
export { HttpError } from './client/http.js';
export type * from './client/types.js';
export { parkedStatuses, terminalStatuses } from './client/types.js';
export { defaultDemoPaymentTimeoutMs, sagaTimeoutEnv } from './launcher/demo-env.js';
export { createTopics, launchSystem, repoRoot, type System } from './launcher/launcher.js';
export { ServiceProcess, ServiceStartError } from './launcher/service-process.js';
export { type LaunchOptions, type ServiceName, type ServiceUrls, serviceNames } from './launcher/types.js';
export { formatTimeline } from './report/timeline.js';
export { type Facts, judge, type Verdict } from './scenarios/facts.js';
export { scenarios } from './scenarios/index.js';
export { type RunScenariosOptions, runScenarios } from './scenarios/run.js';
export {
  type Scenario,
  type ScenarioContext,
  type ScenarioName,
  type ScenarioResult,
  scenarioNames,
} from './scenarios/types.js';
