import { describe, expect, it } from 'vitest';
import { classify, descendants, type ProcessRoles, parseStat } from './processes.js';

describe('parseStat', () => {
  it('reads pid, parent and name, even a name with spaces and parentheses', () => {
    expect(parseStat('42 (postgres) S 7 42 42 0 -1 4194560 1 0 0 0 5 3')).toEqual({
      pid: 42,
      ppid: 7,
      comm: 'postgres',
    });
    expect(parseStat('9 (a b) c)) R 3 9 9')).toEqual({ pid: 9, ppid: 3, comm: 'a b) c)' });
  });

  it('is undefined for text that is not a stat line', () => {
    expect(parseStat('')).toBeUndefined();
    expect(parseStat('x (y) S')).toBeUndefined();
  });
});

describe('descendants', () => {
  it('walks children, grandchildren and so on from the root, and nothing else', () => {
    const entries = [
      { pid: 1, ppid: 0, comm: 'init' },
      { pid: 10, ppid: 1, comm: 'bench' },
      { pid: 11, ppid: 10, comm: 'postgres' },
      { pid: 12, ppid: 11, comm: 'postgres' },
      { pid: 13, ppid: 1, comm: 'vitest' },
    ];
    expect(descendants(entries, 10).map((entry) => entry.pid)).toEqual([10, 11, 12]);
  });
});

const roles: ProcessRoles = {
  benchPid: 10,
  services: new Map([[20, 'order']]),
  backends: new Map([
    [31, { datname: 'bench_outbox_order', applicationName: '' }],
    [32, { datname: 'bench_outbox_order', applicationName: 'sagaflow-bench' }],
    [33, { datname: null, applicationName: '' }],
    [34, { datname: 'postgres', applicationName: '' }],
  ]),
  databases: new Map([['bench_outbox_order', 'order']]),
  benchApplicationName: 'sagaflow-bench',
};

describe('classify', () => {
  it('names the bench, services and their children', () => {
    expect(classify({ pid: 10, ppid: 1, comm: 'node' }, roles)).toBe('bench');
    expect(classify({ pid: 20, ppid: 10, comm: 'node' }, roles)).toBe('order');
    expect(classify({ pid: 21, ppid: 20, comm: 'esbuild' }, roles)).toBe('order');
  });

  it('puts Postgres backends under the service whose database they serve, the bench apart', () => {
    expect(classify({ pid: 31, ppid: 30, comm: 'postgres' }, roles)).toBe('postgres:order');
    expect(classify({ pid: 32, ppid: 30, comm: 'postgres' }, roles)).toBe('postgres:bench');
    expect(classify({ pid: 33, ppid: 30, comm: 'postgres' }, roles)).toBe('postgres:other');
    expect(classify({ pid: 34, ppid: 30, comm: 'postgres' }, roles)).toBe('postgres:other');
    expect(classify({ pid: 30, ppid: 10, comm: 'postgres' }, roles)).toBe('postgres:other');
  });

  it("knows Apache Kafka's JVM and the Kafka mock; anything else is other", () => {
    expect(classify({ pid: 41, ppid: 10, comm: 'java' }, roles)).toBe('kafka');
    expect(classify({ pid: 40, ppid: 10, comm: 'kafka-mock-ab12' }, roles)).toBe('kafka');
    expect(classify({ pid: 41, ppid: 10, comm: 'esbuild' }, roles)).toBe('other');
  });
});
