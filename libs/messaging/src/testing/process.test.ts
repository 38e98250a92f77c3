import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runTypeScript } from './process.js';

/** Where tsx resolves from, as for the apps. */
const workspaceRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'run-typescript-'));
const entry = join(dir, 'talk.mjs');
writeFileSync(entry, "console.log('one'); console.error('two'); setTimeout(() => console.log('three'), 50);\n");

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runTypeScript', () => {
  it.each([
    ['read from a pipe', undefined],
    ['written to a file', join(dir, 'talk.log')],
  ])('collects what the process writes on stdout and stderr, %s', async (_how, output) => {
    const run = runTypeScript(entry, {}, workspaceRoot, [], output === undefined ? {} : { output });
    // Each line awaited: the process may exit before its pipes have been read to the end.
    for (const line of ['one', 'two', 'three']) expect(await run.waitForLine(new RegExp(`^${line}$`))).toBe(line);
    expect(await run.exited).toBe(0);
    expect([...run.lines].sort()).toEqual(['one', 'three', 'two']);
  });
});
