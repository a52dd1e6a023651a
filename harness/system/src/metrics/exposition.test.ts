import { describe, expect, it } from 'vitest';
import { dashboardQueries, metricNames } from './dashboard.js';
import { declares, parseExposition, sampleSum } from './exposition.js';

const text = `# HELP sagaflow_outbox_published_total Outbox messages acknowledged
# TYPE sagaflow_outbox_published_total counter
sagaflow_outbox_published_total{service="order"} 7
# TYPE sagaflow_consumer_handled_total counter
# TYPE sagaflow_saga_duration_seconds histogram
sagaflow_saga_duration_seconds_bucket{le="0.5",state="confirmed",service="order"} 1
sagaflow_saga_duration_seconds_count{state="confirmed",service="order"} 1
sagaflow_saga_duration_seconds_count{state="cancelled",service="order"} 2
# TYPE sagaflow_sagas_parked gauge
sagaflow_sagas_parked{service="order"} NaN
odd_label{reason="a \\"quoted\\", comma"} 1
`;

describe('parseExposition', () => {
  const scrape = parseExposition(text);

  it('reads samples with their labels, escaped quotes included', () => {
    expect(sampleSum(scrape, 'sagaflow_outbox_published_total', { service: 'order' })).toBe(7);
    expect(scrape.samples.find((sample) => sample.name === 'odd_label')?.labels).toEqual({
      reason: 'a "quoted", comma',
    });
    expect(Number.isNaN(sampleSum(scrape, 'sagaflow_sagas_parked'))).toBe(true);
  });

  it('sums the samples whose labels match, and nothing is 0', () => {
    expect(sampleSum(scrape, 'sagaflow_saga_duration_seconds_count')).toBe(3);
    expect(sampleSum(scrape, 'sagaflow_saga_duration_seconds_count', { state: 'confirmed' })).toBe(1);
    expect(sampleSum(scrape, 'sagaflow_consumer_handled_total')).toBe(0);
  });

  it('knows a declared family without samples and a histogram by its series', () => {
    expect(declares(scrape, 'sagaflow_consumer_handled_total')).toBe(true);
    expect(declares(scrape, 'sagaflow_saga_duration_seconds_bucket')).toBe(true);
    expect(declares(scrape, 'sagaflow_outbox_published_total_count')).toBe(false);
    expect(declares(scrape, 'sagaflow_relay_published_per_second')).toBe(false);
  });

  it('refuses a line that is not a sample', () => {
    expect(() => parseExposition('what is this\n')).toThrow(/not a sample line/);
  });
});

describe('dashboard queries', () => {
  it('finds the expressions of nested panels and the metrics they name', () => {
    const queries = dashboardQueries({
      panels: [
        { title: 'a', targets: [{ expr: 'sum(rate(sagaflow_outbox_published_total[1m])) by (service)' }] },
        {
          title: 'row',
          panels: [{ title: 'b', targets: [{ expr: 'rate(process_cpu_seconds_total[1m])' }] }],
        },
      ],
    });
    expect(queries.map((query) => query.panel)).toEqual(['a', 'b']);
    expect(
      metricNames('histogram_quantile(0.99, sum by (le) (rate(sagaflow_saga_duration_seconds_bucket[5m])))'),
    ).toEqual(['sagaflow_saga_duration_seconds_bucket']);
  });
});
