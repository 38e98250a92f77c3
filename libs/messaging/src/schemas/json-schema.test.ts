import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { publishedJsonSchemas, renderJsonSchema } from './json-schema.js';

describe('published JSON Schemas', () => {
  it.each(publishedJsonSchemas().map((schema) => [schema.file, schema] as const))(
    'should have an up-to-date committed copy of %s (run `npx nx build messaging` to refresh)',
    (file, { document }) => {
      const committed = readFileSync(new URL(`../../schemas/${file}`, import.meta.url), 'utf8');
      expect(committed).toBe(renderJsonSchema(document));
    },
  );

  it('should describe OrderPlaced v1 without any card number or CVV field', () => {
    const [orderPlaced] = publishedJsonSchemas();
    const text = JSON.stringify(orderPlaced?.document);
    expect(orderPlaced?.document['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(text).toContain('cardLast4');
    expect(text).not.toMatch(/"(ccNumber|ccCVV|cvv)"/i);
  });
});
