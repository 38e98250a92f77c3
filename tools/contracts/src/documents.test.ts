import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedDocuments } from './documents.js';
import { workspaceRoot } from './paths.js';

describe('generated contract documents', async () => {
  const documents = await generatedDocuments();

  it.each(documents.map((doc) => [relative(workspaceRoot, doc.file), doc] as const))(
    '%s should be committed and current (run `npm run contracts:generate`)',
    (_name, { file, content }) => {
      expect(readFileSync(file, 'utf8')).toBe(content);
    },
  );
});
