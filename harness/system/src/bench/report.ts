import type { MessagingMode } from './args.js';
import type { CpuShares } from './cpu.js';
import { type PhaseFigures, systemCpuPercent } from './figures.js';
import { hopMeaning, hopNames } from './hops.js';
import type { ModeResult } from './run.js';
import { type LatencySummary, roundTo } from './stats.js';
import { type Headline, judgeTargets, sustainedStep, type TargetVerdicts, targets } from './verdict.js';

/** The figures the issue asks for, from the outbox mode (the product) and the dual-write ratio. */
export function headline(results: readonly ModeResult[]): Headline {
  const product = results.find((result) => result.mode === 'outbox') ?? results[0];
  const baseline = results.find((result) => result.mode === 'dual-write');
  const sustained = product === undefined ? undefined : sustainedStep(openSteps(product));
  const at100 = product?.open.find((phase) => phase.offeredPerSec === 100);
  const ratio =
    product !== undefined && baseline !== undefined && baseline.closed.completedPerSec > 0
      ? roundTo(product.closed.completedPerSec / baseline.closed.completedPerSec, 2)
      : null;
  return {
    sustainedSagasPerSec: sustained?.offeredPerSec ?? 0,
    p99MsAtSustained: sustained?.latency?.p99Ms ?? null,
    p99MsAt100: at100?.latency?.p99Ms ?? null,
    outboxVsDualWrite: product?.mode === 'outbox' ? ratio : null,
  };
}

function openSteps(result: ModeResult) {
  return result.open.map((phase) => ({
    ...phase,
    offeredPerSec: phase.offeredPerSec ?? 0,
    backlogGrowthPerSec: phase.backlogGrowthPerSec ?? 0,
    offered: phase.sent,
  }));
}

function table(headers: string[], rows: string[][]): string[] {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ');
  return [line(headers), ...rows.map(line)];
}

const ms = (summary: LatencySummary | null, pick: keyof LatencySummary) =>
  summary === null ? '–' : String(summary[pick]);

const phaseName = (phase: PhaseFigures) =>
  phase.kind === 'closed' ? `closed, ${phase.concurrency} clients` : `open ${phase.offeredPerSec}/s`;

export const cpuGroups = [
  'order',
  'inventory',
  'payment',
  'postgres:order',
  'postgres:inventory',
  'postgres:payment',
  'postgres:bench',
  'postgres:other',
  'kafka',
  'bench',
  'other',
] as const;

export function cpuTotal(cpu: CpuShares): number {
  return roundTo(
    Object.values(cpu).reduce((sum, share) => sum + share.percent, 0),
    1,
  );
}

/** CPU milliseconds per saga: percent of a core is 10 ms per second. */
export function cpuMsPerSaga(percent: number, sagasPerSec: number): string {
  return sagasPerSec > 0 ? String(roundTo((percent * 10) / sagasPerSec, 1)) : '–';
}

/** One mode's phases: throughput and latency, then CPU per process group. */
export function formatMode(result: ModeResult): string[] {
  const phases = [result.closed, ...result.open];
  const latencyRows = phases.map((phase) => [
    phaseName(phase),
    String(phase.sent),
    String(phase.completedPerSec),
    `${ms(phase.latency, 'p50Ms')} / ${ms(phase.latency, 'p95Ms')} / ${ms(phase.latency, 'p99Ms')}`,
    ms(phase.latency, 'maxMs'),
    `${ms(phase.post, 'p50Ms')} / ${ms(phase.post, 'p99Ms')}`,
    `${ms(phase.relayLag, 'p50Ms')} / ${ms(phase.relayLag, 'p99Ms')}`,
    String(phase.failed),
    phase.keepsUp === null
      ? '–'
      : phase.keepsUp
        ? 'yes'
        : phase.stoppedEarly
          ? `NO (stopped at ${phase.durationS} s)`
          : 'NO',
  ]);
  const cpus = [
    { name: 'idle', cpu: result.idleCpu },
    ...phases.map((phase) => ({ name: phaseName(phase), cpu: phase.cpu })),
  ];
  const present = cpuGroups.filter((group) => cpus.some(({ cpu }) => cpu[group] !== undefined));
  const idleSystem = systemCpuPercent(result.idleCpu);
  const cpuRows = cpus.map(({ name, cpu }, index) => {
    const phase = phases[index - 1];
    const system = systemCpuPercent(cpu);
    return [
      name,
      ...present.map((group) => (cpu[group] === undefined ? '–' : String(cpu[group]?.percent))),
      String(cpuTotal(cpu)),
      phase === undefined ? '–' : cpuMsPerSaga(system, phase.completedPerSec),
      phase === undefined ? '–' : cpuMsPerSaga(system - idleSystem, phase.completedPerSec),
      phase?.database == null ? '–' : String(phase.database.statementsPerSaga),
      phase?.database == null ? '–' : String(phase.database.transactionsPerSaga),
    ];
  });
  const hopRows = phases.map((phase) => [
    phaseName(phase),
    ...hopNames.map((hop) => {
      const summary = phase.hops?.[hop] ?? null;
      return summary === null ? '–' : `${summary.p50Ms} / ${summary.p99Ms}`;
    }),
  ]);
  return [
    `== ${result.mode}`,
    ...table(
      [
        'phase',
        'sagas',
        'done/s',
        'latency p50 / p95 / p99 ms',
        'max',
        'POST p50 / p99',
        'relay lag p50 / p99',
        'failed',
        'keeps up',
      ],
      latencyRows,
    ),
    '',
    'CPU, % of one core (the machine has 2 cores: 200 is all of it)',
    "ms/saga and above idle leave the bench out; statements and transactions per saga are the services'",
    ...table(
      ['phase', ...present, 'total', 'ms/saga', 'above idle', 'statements/saga', 'transactions/saga'],
      cpuRows,
    ),
    '',
    'Where the latency went, p50 / p99 ms per hop (order service stamps; see docs/benchmarks.md)',
    ...table(['phase', ...hopNames], hopRows),
    ...(result.errors.length === 0 ? [] : ['', `errors: ${result.errors.join(' | ')}`]),
  ];
}

/** What each hop of the latency table covers. */
export const hopLegend = hopNames.map((hop) => `  ${hop}: ${hopMeaning[hop]}`);

const verdictWord = (met: boolean | null) => (met === null ? 'not measured' : met ? 'met' : 'MISSED');

export function formatHeadline(value: Headline, verdicts: TargetVerdicts): string[] {
  return [
    `sustained: ${value.sustainedSagasPerSec} sagas/s (target ≥ ${targets.sustainedSagasPerSec}: ${verdictWord(verdicts.sustainedSagasPerSec)})`,
    `p99 at the sustained rate: ${value.p99MsAtSustained ?? 'n/a'} ms (target ≤ ${targets.p99MsAtSustained} ms at ≥ ${targets.sustainedSagasPerSec}/s: ${verdictWord(verdicts.p99MsAtSustained)})`,
    `p99 at 100 sagas/s: ${value.p99MsAt100 ?? 'n/a'} ms (target ≤ ${targets.p99MsAt100} ms: ${verdictWord(verdicts.p99MsAt100)})`,
    `outbox / dual-write closed-loop throughput: ${value.outboxVsDualWrite ?? 'n/a'} (target ≥ ${targets.outboxVsDualWrite}: ${verdictWord(verdicts.outboxVsDualWrite)})`,
  ];
}

export interface BenchJson extends Headline {
  targetsMet: TargetVerdicts;
  machine: Record<string, unknown>;
  settings: Record<string, unknown>;
  modes: Partial<Record<MessagingMode, ModeResult & { sustainedSagasPerSec: number }>>;
}

export function benchJson(
  results: readonly ModeResult[],
  machine: Record<string, unknown>,
  settings: Record<string, unknown>,
): BenchJson {
  const value = headline(results);
  const modes: BenchJson['modes'] = {};
  for (const result of results) {
    modes[result.mode] = {
      ...result,
      sustainedSagasPerSec: sustainedStep(openSteps(result))?.offeredPerSec ?? 0,
    };
  }
  return { ...value, targetsMet: judgeTargets(value), machine, settings, modes };
}
