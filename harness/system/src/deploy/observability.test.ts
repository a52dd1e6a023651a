import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../launcher/launcher.js';
import { serviceNames } from '../launcher/types.js';
import { dashboardQueries, metricNames } from '../metrics/dashboard.js';

// The compose `observability` profile: what Prometheus scrapes must be where the
// services listen, and Grafana must find its datasource and dashboard.
// (That every metric the dashboard queries exists is checked against real
// scrapes in src/metrics/metrics.e2e.test.ts.)
const read = (path: string) => readFileSync(`${repoRoot}${path}`, 'utf8');

interface ComposeService {
  profiles?: string[];
  environment?: Record<string, string | number>;
  ports?: string[];
  volumes?: string[];
}
const compose = parse(read('docker-compose.yml'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const prometheus = parse(read('deploy/observability/prometheus.yml')) as {
  scrape_configs: { job_name: string; metrics_path?: string; static_configs: { targets: string[] }[] }[];
};
const dashboard: unknown = JSON.parse(read('deploy/observability/grafana/dashboards/sagaflow.json'));

const service = (name: string): ComposeService => {
  const found = compose.services[name];
  if (found === undefined) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
};

/** Host paths the service mounts, by where they appear in the container. */
const mounts = (name: string) =>
  new Map(
    (service(name).volumes ?? []).map((volume) => {
      const [host = '', container = ''] = volume.split(':');
      return [container, host.replace(/^\.\//, '')];
    }),
  );

describe('the observability profile', () => {
  it('runs Prometheus and Grafana in it, and only in it', () => {
    for (const name of ['prometheus', 'grafana']) expect(service(name).profiles).toEqual(['observability']);
    for (const name of serviceNames) expect(service(name).profiles).toBeUndefined();
  });

  it('scrapes /metrics of each service at the port it listens on in compose', () => {
    expect(mounts('prometheus').get('/etc/prometheus/prometheus.yml')).toBe(
      'deploy/observability/prometheus.yml',
    );
    const targets = prometheus.scrape_configs.flatMap((config) => {
      expect(config.metrics_path ?? '/metrics').toBe('/metrics');
      return config.static_configs.flatMap((each) => each.targets);
    });
    const expected = serviceNames.map((name) => {
      const port = service(name).environment?.PORT;
      expect(service(name).environment?.METRICS_PORT ?? 0).toBe(0);
      expect(service(name).ports?.[0]).toMatch(new RegExp(`:${port}:${port}$`));
      return `${name}:${port}`;
    });
    expect([...targets].sort()).toEqual([...expected].sort());
  });

  it('provisions the datasource the dashboard uses and the folder the dashboard is in', () => {
    const grafana = mounts('grafana');
    const provisioning = grafana.get('/etc/grafana/provisioning') ?? '';
    const datasources = parse(read(`${provisioning}/datasources/prometheus.yml`)) as {
      datasources: { uid: string; url: string }[];
    };
    const providers = parse(read(`${provisioning}/dashboards/sagaflow.yml`)) as {
      providers: { options: { path: string } }[];
    };
    const dashboardsPath = providers.providers[0]?.options.path ?? '';
    expect(grafana.get(dashboardsPath)).toBe('deploy/observability/grafana/dashboards');
    expect(datasources.datasources.map((source) => source.url)).toEqual(['http://prometheus:9090']);
    const uids = new Set(datasources.datasources.map((source) => source.uid));
    const used = JSON.stringify(dashboard).match(/"uid":\s*"([^"]+)"/g) ?? [];
    expect(used.length).toBeGreaterThan(0);
    for (const each of used) {
      const uid = each.replace(/.*"([^"]+)"$/, '$1');
      if (uid !== 'sagaflow') expect(uids).toContain(uid);
    }
  });

  it('has a dashboard on throughput, saga durations, outbox lag and consumer lag', () => {
    const named = new Set(dashboardQueries(dashboard).flatMap((query) => metricNames(query.expr)));
    for (const metric of [
      'sagaflow_outbox_published_total',
      'sagaflow_saga_duration_seconds_bucket',
      'sagaflow_outbox_oldest_pending_age_seconds',
      'sagaflow_consumer_lag',
    ]) {
      expect(named).toContain(metric);
    }
  });
});
