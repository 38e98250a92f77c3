// Reads a /metrics page with Prometheus's own Python client parser (Debian's
// python3-prometheus-client), the way a scraper would, rather than with a regex of ours.
import { spawnSync } from 'node:child_process';

export interface PrometheusSample {
  /** The sample's own name: `x_total`, `x_bucket`, `x_count`, `x_sum`... */
  name: string;
  labels: Record<string, string>;
  value: number;
}

const PARSE = `
import json, math, sys
from prometheus_client.parser import text_string_to_metric_families
# JSON has no NaN or infinities: those values travel as text.
samples = [{"name": s.name, "labels": s.labels, "value": s.value if math.isfinite(s.value) else str(s.value)}
           for family in text_string_to_metric_families(sys.stdin.read()) for s in family.samples]
json.dump(samples, sys.stdout)
`;

export function parsePrometheus(text: string): PrometheusSample[] {
  const result = spawnSync('/usr/bin/python3', ['-c', PARSE], { input: text, encoding: 'utf8', timeout: 30_000 });
  if (result.status !== 0) throw new Error(`the Prometheus parser refused the page: ${result.stderr || result.error?.message}`);
  const samples = JSON.parse(result.stdout) as (Omit<PrometheusSample, 'value'> & { value: number | string })[];
  return samples.map((sample) => ({ ...sample, value: typeof sample.value === 'number' ? sample.value : Number.NaN }));
}

/** The value of the one sample with this name and at least these labels; undefined when there is none. */
export function sampleValue(samples: readonly PrometheusSample[], name: string, labels: Record<string, string> = {}): number | undefined {
  return samples.find((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value))
    ?.value;
}
