import { parsePrometheus } from '@tacocloud/messaging/testing';
import { describe, expect, it } from 'vitest';
import { parsePrometheusText } from './prometheus-text.js';

const PAGE = `# HELP listener_records_handled_total Records the handler finished
# TYPE listener_records_handled_total counter
listener_records_handled_total{topic="orders",partition="0"} 12
listener_records_handled_total{partition="1",topic="orders"} 3 1700000000000
# HELP odd Label values with escapes
# TYPE odd gauge
odd{path="a \\"quoted\\" \\\\ back\\nslash",empty=""} -1.5e3
# TYPE kafka_consumer_lag gauge
kafka_consumer_lag{topic="orders",partition="0"} NaN
# TYPE listener_handler_duration_seconds histogram
listener_handler_duration_seconds_bucket{le="0.005"} 4
listener_handler_duration_seconds_bucket{le="+Inf"} 5
listener_handler_duration_seconds_sum 0.25
listener_handler_duration_seconds_count 5
process_start_time_seconds 1764079200
`;

describe('parsePrometheusText', () => {
  it('parsePrometheusText should read a page as Prometheus own parser does', () => {
    const ours = parsePrometheusText(PAGE);
    const theirs = parsePrometheus(PAGE);
    const normal = (samples: { name: string; labels: Record<string, string>; value: number }[]) =>
      samples.map(({ name, labels, value }) => ({ name, labels, value: Number.isNaN(value) ? 'NaN' : value }));
    expect(normal(ours)).toEqual(normal(theirs));
    expect(ours.find((s) => s.name === 'odd')?.labels['path']).toBe('a "quoted" \\ back\nslash');
  });

  it('parsePrometheusText should name the line it cannot read', () => {
    expect(() => parsePrometheusText('ok 1\nbroken{topic="x} 2\n')).toThrow(/line 2: unterminated label value/);
    expect(() => parsePrometheusText('ok one\n')).toThrow(/line 1: bad value 'one'/);
  });
});
