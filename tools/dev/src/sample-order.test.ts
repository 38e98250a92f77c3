import { readFileSync } from 'node:fs';
import { TacoOrder } from '@tacocloud/messaging';
import { SAMPLE_ORDER } from '@tacocloud/messaging/testing';
import { describe, expect, it } from 'vitest';

describe('tools/dev/sample-order.json', () => {
  const sample = JSON.parse(readFileSync(new URL('../sample-order.json', import.meta.url), 'utf8')) as unknown;

  it('should be a valid order, the same one the tests use', () => {
    expect(TacoOrder.safeParse(sample).success).toBe(true);
    expect(sample).toEqual(SAMPLE_ORDER);
  });
});
