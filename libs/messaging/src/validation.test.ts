// validate() runs each schema compiled; these prove it decides exactly as zod's interpreter
// does, with the same violations and the same value, on valid events and on thousands of
// hostile variants of them (the listener's input is whatever anyone wrote to the topic).
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { seededRandom } from './testing/seeded-random.js';
import { OrderPlacedV1, OrderPlacedV2, SAMPLE_ORDER, TacoOrder } from '@tacocloud/contract';
import { z } from 'zod';
import { InvalidMessageError } from './errors.js';
import { toOrderPlaced } from './orders/to-order-placed.js';
import { toViolations, validate } from './validation.js';

/** Values a hostile producer might put anywhere in the JSON. */
const ODD_VALUES: unknown[] = [
  null,
  0,
  -1,
  1.5,
  true,
  '',
  ' ',
  'x',
  'abcd',
  '1234',
  '12/30',
  '13/30',
  'WRAP',
  'wrap',
  '00000000-0000-0000-0000-000000000000',
  'not-a-uuid',
  '2026-12-04T04:00:00Z',
  '2026-02-30T04:00:00+01:00',
  '2026-12-04T04:00:00',
  '😀😀',
  '\u0000',
  [],
  [1],
  {},
  { id: 'FLTO' },
];

const paths = (value: unknown, prefix: (string | number)[] = []): (string | number)[][] => {
  if (value === null || typeof value !== 'object') return [prefix];
  const keys = Array.isArray(value) ? value.map((_, index) => index) : Object.keys(value);
  return [prefix, ...keys.flatMap((key) => paths((value as Record<string | number, unknown>)[key], [...prefix, key]))];
};

/** The event with one place replaced, removed, or given an unknown sibling. */
function mutate(event: unknown, next: () => number): unknown {
  const copy = structuredClone(event) as Record<string | number, unknown>;
  const all = paths(copy).filter((path) => path.length > 0);
  const path = all[Math.floor(next() * all.length)]!;
  let parent: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const key = path[path.length - 1]!;
  const choice = next();
  if (choice < 0.15) delete parent[key];
  else if (choice < 0.25 && !Array.isArray(parent)) parent[`${String(key)}Extra`] = 'extra';
  else if (choice < 0.3 && !Array.isArray(parent))
    Object.defineProperty(parent, '__proto__', { value: { polluted: true }, enumerable: true });
  else parent[key] = structuredClone(ODD_VALUES[Math.floor(next() * ODD_VALUES.length)]);
  return copy;
}

function interpreted(schema: z.ZodType, value: unknown) {
  const result = schema.safeParse(value);
  return result.success ? { value: result.data } : { violations: toViolations(result.error.issues) };
}

function compiledPath(schema: z.ZodType, value: unknown) {
  try {
    return { value: validate(schema, value, 'event') };
  } catch (error) {
    if (!(error instanceof InvalidMessageError)) throw error;
    return { violations: error.violations };
  }
}

const order = TacoOrder.parse(SAMPLE_ORDER);

describe.each([
  ['OrderPlaced v1', OrderPlacedV1, 1],
  ['OrderPlaced v2', OrderPlacedV2, 2],
] as const)('validate(%s) against zod interpreted', (_name, eventSchema, version) => {
  const schema: z.ZodType = eventSchema;
  const event = JSON.parse(JSON.stringify(toOrderPlaced(order, { orderId: randomUUID(), placedAt: new Date() }, version))) as unknown;

  it('accepts the event order-api writes, with the same value', () => {
    expect(compiledPath(schema, event)).toEqual({ value: event });
  });

  it('decides 5,000 hostile variants as zod does, with the same violations and values', () => {
    const next = seededRandom(version);
    for (let i = 0; i < 5_000; i++) {
      const variant = i % 2 === 0 ? mutate(event, next) : mutate(mutate(event, next), next);
      expect(compiledPath(schema, variant), `variant ${i}: ${JSON.stringify(variant)}`).toEqual(interpreted(schema, variant));
    }
  });

  it('names every violation of a broken event', () => {
    const broken = { ...(event as object), eventId: 'x', tacos: [] };
    expect(() => validate(schema, broken, 'OrderPlaced')).toThrow(
      expect.objectContaining({
        message: 'OrderPlaced does not match its schema',
        violations: [
          { path: 'eventId', message: 'Invalid UUID' },
          { path: 'tacos', message: 'Too small: expected array to have >=1 items' },
        ],
      }),
    );
  });
});

// order-api validates each POSTed order with TacoOrder compiled (its app.ts): the same proof for the orders clients send.
it('decides 5,000 hostile variants of an order as zod does, with the same violations and values', () => {
  const schema: z.ZodType = TacoOrder;
  const next = seededRandom(7);
  for (let i = 0; i < 5_000; i++) {
    const variant = i % 2 === 0 ? mutate(SAMPLE_ORDER, next) : mutate(mutate(SAMPLE_ORDER, next), next);
    expect(compiledPath(schema, variant), `variant ${i}: ${JSON.stringify(variant)}`).toEqual(interpreted(schema, variant));
  }
});

it('still validates a schema zod cannot compile', () => {
  const asyncRefined = z.object({ id: z.string() }).refine(async () => true);
  expect(() => validate(asyncRefined, { id: 'x' }, 'thing')).toThrow();
  const refined = z.object({ id: z.string().refine((value) => value !== 'bad', 'No bad ids') });
  expect(validate(refined, { id: 'ok' }, 'thing')).toEqual({ id: 'ok' });
  expect(() => validate(refined, { id: 'bad' }, 'thing')).toThrow(
    expect.objectContaining({ violations: [{ path: 'id', message: 'No bad ids' }] }),
  );
});
