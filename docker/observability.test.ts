// Prometheus and Grafana in docker/compose.yml, checked without a Docker engine: Prometheus
// scrapes the port and path each app really serves /metrics on, and every series the committed
// dashboard queries is one the apps really export (their metrics.ts registrations).
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readCompose } from './compose-files.js';

const compose = readCompose('compose.yml');
const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
const prometheus = parse(read('./prometheus/prometheus.yml')) as {
  scrape_configs: {
    job_name: string;
    metrics_path: string;
    static_configs?: { targets: string[] }[];
    dns_sd_configs?: { names: string[]; port: number }[];
  }[];
};
const dashboard = JSON.parse(read('./grafana/dashboards/tacocloud.json')) as {
  uid: string;
  panels: { title: string; datasource: { uid: string }; targets: { expr: string }[] }[];
};
const datasources = parse(read('./grafana/provisioning/datasources/prometheus.yml')) as { datasources: { uid: string; url: string }[] };

/** Metric names an app registers with prom-client, read from its source. */
function exported(app: string): Set<string> {
  return new Set(
    [...read(`../apps/${app}/src/metrics.ts`).matchAll(/name: '([a-z_]+)'|perPartition\('([a-z_]+)'/g)].map((m) => (m[1] ?? m[2])!),
  );
}

/** Where each job's scrape lands: [compose service, port]. */
function targets(job: (typeof prometheus.scrape_configs)[number]): [string, number][] {
  const fixed = (job.static_configs ?? []).flatMap((c) =>
    c.targets.map((t) => [t.split(':')[0]!, Number(t.split(':')[1])] as [string, number]),
  );
  const discovered = (job.dns_sd_configs ?? []).flatMap((c) => c.names.map((name) => [name, c.port] as [string, number]));
  return [...fixed, ...discovered];
}

describe('Prometheus and Grafana in docker/compose.yml', () => {
  it('should scrape each app on the port its compose environment makes it serve /metrics on', () => {
    const ports: Record<string, string> = { 'order-api': 'PORT', 'order-listener': 'HEALTH_PORT' };
    const jobs = prometheus.scrape_configs;
    expect(jobs.map((job) => job.job_name).sort()).toEqual(Object.keys(ports).sort());
    for (const job of jobs) {
      expect(job.metrics_path).toBe('/metrics');
      for (const [service, port] of targets(job)) {
        expect(Number(compose.services[service]?.environment?.[ports[service]!]), `${job.job_name} -> ${service}`).toBe(port);
      }
    }
    expect(read('../apps/order-api/src/metrics.ts')).toContain("'/metrics'");
    expect(read('../apps/order-listener/src/health-app.ts')).toContain("'/metrics'");
  });

  it('should mount configs that exist', () => {
    for (const name of ['prometheus', 'grafana']) {
      for (const volume of compose.services[name]?.volumes ?? []) {
        expect(existsSync(new URL(volume.split(':')[0]!, import.meta.url)), `${name}: ${volume}`).toBe(true);
      }
    }
  });

  it('should query, in every dashboard panel, only series the apps export, from the provisioned data source', () => {
    const names = new Set([...exported('order-api'), ...exported('order-listener')]);
    const uid = datasources.datasources[0]!.uid;
    expect(datasources.datasources[0]!.url).toBe('http://prometheus:9090');
    const titles = dashboard.panels.map((panel) => panel.title.toLowerCase()).join('\n');
    for (const topic of ['orders accepted', 'latency', 'lag per partition', 'dead letters']) expect(titles).toContain(topic);
    for (const panel of dashboard.panels) {
      expect(panel.datasource.uid, panel.title).toBe(uid);
      expect(panel.targets.length, panel.title).toBeGreaterThan(0);
      for (const { expr } of panel.targets) {
        const series = [...expr.matchAll(/\b([a-z_]+?)(?:_bucket)?(?=[{[]|\)|$)/g)].map((m) => m[1]!).filter((s) => s.includes('_'));
        expect(series.length, expr).toBeGreaterThan(0);
        for (const name of series) expect(names.has(name), `${panel.title}: ${name} in ${expr}`).toBe(true);
      }
    }
  });
});
