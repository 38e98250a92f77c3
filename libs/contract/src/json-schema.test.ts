import { describe, expect, it } from 'vitest';
import { publishedJsonSchemas } from './json-schema.js';

describe('publishedJsonSchemas', () => {
  it('should give one draft 2020-12 document per published version, none with a card number or CVV field', () => {
    const schemas = publishedJsonSchemas();
    expect(schemas.map((s) => s.file)).toEqual(['order-placed.v1.schema.json', 'order-placed.v2.schema.json']);
    for (const { document } of schemas) {
      expect(document['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
      const text = JSON.stringify(document);
      expect(text).toContain('cardLast4');
      expect(text).not.toMatch(/"(ccNumber|ccCVV|cvv)"/i);
    }
  });
});
