import type { System } from '../launcher/launcher.js';
import { scenarios } from './index.js';
import type { Scenario, ScenarioContext, ScenarioName, ScenarioResult } from './types.js';

export interface RunScenariosOptions {
  /** The order service's PAYMENT_TIMEOUT_MS, as the system was launched with it. */
  paymentTimeoutMs: number;
  settleTimeoutMs?: number;
  note?: (scenario: ScenarioName, line: string) => void;
  /** Called as each scenario begins. */
  onStart?: (scenario: Scenario) => void;
  /** Called as each scenario finishes, before the next starts. */
  onResult?: (result: ScenarioResult) => void;
}

/** Runs the named scenarios one after another: several of them stop or kill a service. */
export async function runScenarios(
  system: System,
  names: readonly ScenarioName[],
  options: RunScenariosOptions,
): Promise<ScenarioResult[]> {
  const runId = Date.now().toString(36);
  const results: ScenarioResult[] = [];
  for (const name of names) {
    const context: ScenarioContext = {
      system,
      client: system.client,
      runId,
      paymentTimeoutMs: options.paymentTimeoutMs,
      settleTimeoutMs: options.settleTimeoutMs ?? 60_000,
      note: (line) => options.note?.(name, line),
    };
    const scenario = scenarios[name];
    options.onStart?.(scenario);
    const result = await scenario.run(context);
    results.push(result);
    options.onResult?.(result);
  }
  return results;
}
