/** A Grafana dashboard as far as its queries go. */
interface DashboardJson {
  panels?: { title?: string; targets?: { expr?: string }[]; panels?: DashboardJson['panels'] }[];
}

/** Every PromQL expression of the dashboard's panels, rows' panels included, with its panel's title. */
export function dashboardQueries(dashboard: unknown): { panel: string; expr: string }[] {
  const queries: { panel: string; expr: string }[] = [];
  const visit = (panels: DashboardJson['panels']) => {
    for (const panel of panels ?? []) {
      for (const target of panel.targets ?? []) {
        if (target.expr !== undefined) queries.push({ panel: panel.title ?? '', expr: target.expr });
      }
      visit(panel.panels);
    }
  };
  visit((dashboard as DashboardJson).panels);
  return queries;
}

/** Names of the metrics a PromQL expression reads: ours, and the process's standard ones. */
export function metricNames(expr: string): string[] {
  return [...new Set(expr.match(/\b(?:sagaflow|process|nodejs)_[a-zA-Z0-9_]+/g) ?? [])];
}
