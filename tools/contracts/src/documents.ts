// Every generated contract document, rendered: what `contracts:generate` writes and what the
// tests compare with the committed copies.
import { join } from 'node:path';
import { publishedJsonSchemas, renderJsonSchema } from '@tacocloud/messaging';
import messagingPackage from '@tacocloud/messaging/package.json' with { type: 'json' };
import { buildAsyncApi, renderAsyncApi } from './asyncapi.js';
import { buildOpenApi, renderOpenApi } from './openapi.js';
import { asyncApiFile, openApiFile, schemasDir } from './paths.js';

export interface GeneratedDocument {
  file: string;
  content: string;
}

export async function generatedDocuments(): Promise<GeneratedDocument[]> {
  return [
    ...publishedJsonSchemas().map(({ file, document }) => ({ file: join(schemasDir, file), content: renderJsonSchema(document) })),
    { file: asyncApiFile, content: renderAsyncApi(buildAsyncApi(messagingPackage.version)) },
    { file: openApiFile, content: renderOpenApi(await buildOpenApi()) },
  ];
}
