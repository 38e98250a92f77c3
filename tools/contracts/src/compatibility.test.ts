import { publishedJsonSchemas } from '@tacocloud/messaging';
import { describe, expect, it } from 'vitest';
import { findBreakingChanges } from './compatibility.js';
import { checkCompatibility, formatBreak } from './gate.js';

// The tests edit JSON Schema documents at any depth: `any` is the honest type here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
const [v1] = publishedJsonSchemas();
const released = v1!.document as Json;
/** The released OrderPlaced v1 schema with one edit applied to its object definition. */
const edited = (edit: (order: Json) => void): Json => {
  const copy = structuredClone(released);
  edit(copy['$defs'].OrderPlacedV1);
  return copy;
};
const breaksOf = (current: Json) => findBreakingChanges(released, current).map((b) => `${b.kind} at ${b.path}`);

describe('findBreakingChanges', () => {
  it('should find nothing when the schema is unchanged', () => {
    expect(findBreakingChanges(released, structuredClone(released))).toEqual([]);
  });

  it('should allow a new optional field and relaxed limits', () => {
    const current = edited((order) => {
      order.properties.note = { type: 'string' };
      order.properties.tacos.minItems = 0;
      delete order.properties.deliveryName.minLength;
    });
    expect(findBreakingChanges(released, current)).toEqual([]);
  });

  it('should catch a removed field', () => {
    expect(breaksOf(edited((order) => delete order.properties.deliveryZip))).toEqual(['removed field at deliveryZip']);
  });

  it('should catch a renamed field as removed plus new required', () => {
    const current = edited((order) => {
      order.properties.deliveryPostcode = order.properties.deliveryZip;
      delete order.properties.deliveryZip;
      order.required = order.required.map((key: string) => (key === 'deliveryZip' ? 'deliveryPostcode' : key));
    });
    expect(breaksOf(current)).toEqual(['removed field at deliveryZip', 'new required field at deliveryPostcode']);
  });

  it('should catch a new required field, and an optional field that became required', () => {
    const current = edited((order) => {
      order.properties.tip = { type: 'number' };
      order.required.push('tip');
    });
    expect(breaksOf(current)).toEqual(['new required field at tip']);
  });

  it('should catch a narrowed type, format, pattern and bound, nested fields included', () => {
    const current = edited((order) => {
      order.properties.deliveryZip = { type: 'integer' };
      order.properties.deliveryName.format = 'email';
      order.properties.payment.properties.cardExpiration.pattern = '^\\d\\d/2\\d$';
      order.properties.tacos.items.properties.name.minLength = 10;
    });
    expect(breaksOf(current)).toEqual([
      'narrowed type or format at deliveryName',
      'narrowed type or format at deliveryZip',
      'narrowed type or format at tacos[].name',
      'narrowed type or format at payment.cardExpiration',
    ]);
  });

  it('should catch a removed enum value deep in the message', () => {
    const current = edited((order) => {
      const type = order.properties.tacos.items.properties.ingredients.items.properties.type;
      type.enum = type.enum.filter((value: string) => value !== 'SAUCE');
    });
    expect(breaksOf(current)).toEqual(['removed enum value at tacos[].ingredients[].type']);
  });
});

describe('checkCompatibility', () => {
  it('should pass the current schemas against the released snapshots in contracts/released', async () => {
    const { readReleased } = await import('./gate.js');
    const snapshots = readReleased();
    expect(snapshots.map((s) => s.file)).toEqual(expect.arrayContaining(['order-placed.v1.schema.json', 'order-placed.v2.schema.json']));
    expect(checkCompatibility(snapshots, publishedJsonSchemas()).map(formatBreak)).toEqual([]);
  });

  it('should name the message, version and field of each break, and a released version that disappeared', () => {
    const snapshots = publishedJsonSchemas().map(({ file, document }) => ({ file, document }));
    const current = publishedJsonSchemas()
      .filter((schema) => schema.version === 1)
      .map((schema) => ({ ...schema, document: edited((order) => delete order.properties.deliveryCity) }));
    expect(checkCompatibility(snapshots, current).map(formatBreak)).toEqual([
      "OrderPlaced v1: removed field at 'deliveryCity': field removed or renamed",
      'OrderPlaced v2: removed message version: order-placed.v2.schema.json is released but no longer published',
    ]);
  });
});
