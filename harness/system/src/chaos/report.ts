import type { Violation } from './audit.js';
import type { ChaosRun } from './run.js';

const shownViolations = 100;

/** The `--json` object of one run: the issue's fields first, then what explains them. */
export function runSummary(run: ChaosRun) {
  return {
    sagas: run.sagas,
    terminal: run.terminal,
    confirmed: run.confirmed,
    cancelled: run.cancelled,
    parked: run.parked,
    violations: run.violations.slice(0, shownViolations),
    durationS: run.durationS,
    mode: run.mode,
    kafka: run.kafka,
    violationCount: run.violations.length,
    violationsByCheck: countByCheck(run.violations),
    lostMessagesByType: lostByType(run.violations),
    faults: run.faults.length,
    duplicatedRecords: run.duplicated,
    postRetries: run.postRetries,
    explainedDeadLetters: run.explainedDeadLetters.length,
    quiet: run.quiet.quiet,
  };
}

function lostByType(violations: readonly Violation[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { messageType } of violations) {
    if (messageType !== undefined) counts[messageType] = (counts[messageType] ?? 0) + 1;
  }
  return counts;
}

function countByCheck(violations: readonly Violation[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const violation of violations) counts[violation.check] = (counts[violation.check] ?? 0) + 1;
  return counts;
}

export function formatRun(run: ChaosRun): string[] {
  const lines = [
    `== ${run.mode}: ${run.sagas} sagas in ${run.durationS} s`,
    `  terminal ${run.terminal} (confirmed ${run.confirmed}, cancelled ${run.cancelled}, parked ${run.parked})`,
    `  faults:`,
    ...run.faults.map(
      (fault) =>
        `    +${(fault.atMs / 1000).toFixed(1)} s ${fault.kind}${fault.service ? ` ${fault.service}` : ''}: ${fault.note}`,
    ),
    `  ${run.duplicated} records delivered twice by the duplicating hop; ${run.postRetries} POSTs retried with their Idempotency-Key`,
    `  ${run.quiet.quiet ? `quiet after ${Math.round(run.quiet.waitedMs / 1000)} s` : `NOT quiet after ${Math.round(run.quiet.waitedMs / 1000)} s: ${run.quiet.last}`}`,
    `  dead letters explained: ${run.explainedDeadLetters.length}`,
    ...run.explainedDeadLetters.map((line) => `    ${line}`),
  ];
  if (run.violations.length === 0) {
    lines.push('  books: balanced, no violations');
  } else {
    const byCheck = countByCheck(run.violations);
    lines.push(
      `  VIOLATIONS: ${run.violations.length} (${Object.entries(byCheck)
        .map(([check, n]) => `${check} ${n}`)
        .join(', ')})`,
    );
    const lost = Object.entries(lostByType(run.violations));
    if (lost.length > 0)
      lines.push(`  lost messages by type: ${lost.map(([type, n]) => `${type} ${n}`).join(', ')}`);
    for (const violation of run.violations.slice(0, 20)) {
      lines.push(`    ${violation.check} ${violation.subject}: ${violation.detail}`);
    }
    if (run.violations.length > 20) lines.push(`    … ${run.violations.length - 20} more`);
  }
  lines.push(`  service logs: ${run.logDir}`);
  return lines;
}

/** Two runs under the same load and faults, one column each. */
export function formatSideBySide(outbox: ChaosRun, dualWrite: ChaosRun): string[] {
  const rows: Array<[string, (run: ChaosRun) => string]> = [
    ['sagas', (run) => String(run.sagas)],
    ['terminal', (run) => String(run.terminal)],
    ['confirmed', (run) => String(run.confirmed)],
    ['cancelled', (run) => String(run.cancelled)],
    ['parked', (run) => String(run.parked)],
    ['violations', (run) => String(run.violations.length)],
    ...[...new Set([...outbox.violations, ...dualWrite.violations].map((v) => v.check))].map(
      (check): [string, (run: ChaosRun) => string] => [
        `  ${check}`,
        (run) => String(run.violations.filter((v) => v.check === check).length),
      ],
    ),
    ['duration (s)', (run) => String(run.durationS)],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return [
    `${'same load, same faults'.padEnd(width)}  ${'outbox'.padStart(10)}  ${'dual-write'.padStart(10)}`,
    ...rows.map(
      ([label, value]) =>
        `${label.padEnd(width)}  ${value(outbox).padStart(10)}  ${value(dualWrite).padStart(10)}`,
    ),
  ];
}
