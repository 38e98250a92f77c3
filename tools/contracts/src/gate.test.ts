import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publishedJsonSchemas } from '@tacocloud/messaging';
import { describe, expect, it } from 'vitest';
import { release } from './gate.js';

describe('release', () => {
  it('should record a snapshot of every published version, and refuse a later breaking change', () => {
    const dir = mkdtempSync(join(tmpdir(), 'contracts-'));
    const current = publishedJsonSchemas();
    expect(release(current, dir).written).toEqual(['order-placed.v1.schema.json', 'order-placed.v2.schema.json']);
    expect(readdirSync(dir).sort()).toEqual(['order-placed.v1.schema.json', 'order-placed.v2.schema.json']);

    const broken = current.map((schema) => {
      const document = structuredClone(schema.document) as { $defs: Record<string, { properties: Record<string, unknown> }> };
      const def = Object.values(document.$defs)[0]!;
      delete def.properties['payment'];
      return { ...schema, document };
    });
    const refused = release(broken, dir);
    expect(refused.written).toEqual([]);
    expect(refused.breaks.map((b) => `${b.message} v${b.version} ${b.path}`)).toEqual(['OrderPlaced v1 payment', 'OrderPlaced v2 payment']);
  });
});
