// JSON Schema documents of the published messages, for teams that do not use TypeScript.
// `npm run build` (or `npx nx build messaging`) writes them to libs/messaging/schemas/.
import { z } from 'zod';
import { ORDER_PLACED, OrderPlacedV1 } from './order-placed.js';

export interface PublishedSchema {
  /** File name under libs/messaging/schemas/. */
  file: string;
  document: Record<string, unknown>;
}

export function publishedJsonSchemas(): PublishedSchema[] {
  return [
    {
      file: `${kebab(ORDER_PLACED.type)}.v${ORDER_PLACED.version}.schema.json`,
      document: {
        ...z.toJSONSchema(OrderPlacedV1, { target: 'draft-2020-12', io: 'output' }),
        $id: `https://tacocloud.example/schemas/${kebab(ORDER_PLACED.type)}.v${ORDER_PLACED.version}.schema.json`,
      },
    },
  ];
}

export function renderJsonSchema(document: Record<string, unknown>): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}
