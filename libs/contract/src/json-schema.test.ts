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

  // Found by a hostile review: every object said additionalProperties: false, so a field added
  // within a version, which zod readers pass over, failed every JSON Schema reader.
  it('should let readers pass over fields they do not know, as the zod schemas do', () => {
    const refusing = (node: unknown, path: string): string[] => {
      if (typeof node !== 'object' || node === null) return [];
      const own = (node as Record<string, unknown>)['additionalProperties'] === false ? [path] : [];
      return [...own, ...Object.entries(node).flatMap(([key, child]) => refusing(child, `${path}/${key}`))];
    };
    expect(publishedJsonSchemas().flatMap(({ file, document }) => refusing(document, file))).toEqual([]);
  });
});
