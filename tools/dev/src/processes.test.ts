import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { SHIPPED_ENV, SHIPPED_NODE_FLAGS, startApp } from './processes.js';

const dockerfile = readFileSync(new URL('../../../docker/app.Dockerfile', import.meta.url), 'utf8');

describe('startApp', () => {
  let dir: string | undefined;
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it("should run an app with the node flags of the Docker image's command and the environment of its runtime", async () => {
    const imageFlags = /^CMD \["sh", "-c", "exec node (.*) apps\/\$\{APP\}\/dist\/main\.js"\]$/m.exec(dockerfile)?.[1]?.split(' ');
    expect(imageFlags).toEqual(SHIPPED_NODE_FLAGS);
    const imageEnv = Object.fromEntries(
      [...dockerfile.split('FROM ${NODE_IMAGE} AS runtime')[1]!.matchAll(/^ENV (MALLOC_\w+)=(\S+)$/gm)].map((m) => [m[1], m[2]]),
    );
    expect(imageEnv).toEqual(SHIPPED_ENV);

    dir = mkdtempSync(join(tmpdir(), 'dev-flags-'));
    const entry = join(dir, 'entry.mjs');
    const out = join(dir, 'exec-argv.json');
    writeFileSync(
      entry,
      `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(out)}, JSON.stringify({ execArgv: process.execArgv, env: process.env }));\n`,
    );
    // Run from the workspace, as the dev runner does, where tsx resolves.
    const app = startApp('flags', 0, entry, {}, fileURLToPath(new URL('../../../', import.meta.url)));
    expect(await app.exited).toBe(0);
    const seen = JSON.parse(readFileSync(out, 'utf8')) as { execArgv: string[]; env: Record<string, string> };
    expect(seen.execArgv).toEqual(expect.arrayContaining(imageFlags!));
    expect(seen.env).toMatchObject(imageEnv);
  });
});
