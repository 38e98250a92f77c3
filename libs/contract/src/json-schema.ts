// JSON Schema documents of every published message version, for teams that do not use
// TypeScript. `npx nx build contract` writes them to libs/contract/schemas/, and a test
// keeps the committed copies current.
import { z } from 'zod';
import type { MessageType } from './message-type.js';
import { ORDER_PLACED_VERSIONS } from './order-placed.js';

export interface PublishedSchema {
  type: string;
  version: number;
  /** File name under libs/contract/schemas/. */
  file: string;
  document: Record<string, unknown>;
}

export const PUBLISHED_MESSAGES: readonly MessageType[] = [...ORDER_PLACED_VERSIONS];

export function publishedJsonSchemas(): PublishedSchema[] {
  return PUBLISHED_MESSAGES.map(({ type, version, schema }) => {
    const file = schemaFileName(type, version);
    return {
      type,
      version,
      file,
      document: {
        // As a reader sees them: zod readers pass over fields they do not know, so a field added
        // within a version (backward compatible, docs/contract.md) must not fail other readers
        // either. The output form said `additionalProperties: false` on every object, and a Python
        // consumer rejected every event with a new optional field that zod took (hostile review).
        ...z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' }),
        $id: `https://tacocloud.example/schemas/${file}`,
      },
    };
  });
}

export function schemaFileName(type: string, version: number): string {
  return `${type.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}.v${version}.schema.json`;
}

export function renderJsonSchema(document: Record<string, unknown>): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
