// Writes the JSON Schema of every published message to libs/contract/schemas/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publishedJsonSchemas, renderJsonSchema } from '../src/json-schema.js';

const dir = fileURLToPath(new URL('../schemas/', import.meta.url));
mkdirSync(dir, { recursive: true });
for (const { file, document } of publishedJsonSchemas()) {
  writeFileSync(join(dir, file), renderJsonSchema(document));
  console.log(`wrote schemas/${file}`);
}
