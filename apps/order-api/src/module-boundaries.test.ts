// order-api's source is its own: another app or a tool that imports it fails `npm run lint`
// (@nx/enforce-module-boundaries, configured in eslint.config.mjs from the package.json tags).
// Regression: tools/contracts and tools/bench imported order-api's app.ts; they now run its
// entry points (openapi-main.ts, stub-main.ts) as processes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const workspaceRoot = fileURLToPath(new URL('../../../', import.meta.url));
const BOUNDARY_RULE = '@nx/enforce-module-boundaries';

let eslint: ESLint;
beforeAll(() => {
  // The config computes the Nx project graph in this process: no daemon started from a test.
  vi.stubEnv('NX_DAEMON', 'false');
  eslint = new ESLint({ cwd: workspaceRoot });
});
afterAll(() => {
  vi.unstubAllEnvs();
});

/** What the boundary rule says about `source` as if it were the file `file` of the workspace. */
async function boundaryFindings(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: join(workspaceRoot, file) });
  expect(result!.fatalErrorCount).toBe(0);
  return result!.messages.filter((message) => message.ruleId === BOUNDARY_RULE).map((message) => message.message);
}

describe('module boundaries', () => {
  it('order-api should export nothing another project could import by package name', () => {
    const manifest = JSON.parse(readFileSync(join(workspaceRoot, 'apps/order-api/package.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest).not.toHaveProperty('exports');
    expect(manifest).not.toHaveProperty('main');
  });

  it('lint should fail when another app imports order-api source', async () => {
    const findings = await boundaryFindings(
      'apps/order-listener/src/boundary-probe.ts',
      "import { buildApp } from '../../order-api/src/app.js';\nexport const app = buildApp;\n",
    );
    expect(findings).toEqual([expect.stringMatching(/^Projects cannot be imported by a relative or absolute path/)]);
  });

  it('lint should fail when a tool imports order-api source', async () => {
    const findings = await boundaryFindings(
      'tools/bench/src/boundary-probe.ts',
      "import { buildApp } from '../../../apps/order-api/src/app.js';\nexport const app = buildApp;\n",
    );
    expect(findings).toEqual([expect.stringMatching(/^Projects cannot be imported by a relative or absolute path/)]);
  });

  it('lint should fail when an app depends on a project that is not a lib', async () => {
    const findings = await boundaryFindings(
      'apps/order-listener/src/boundary-probe.ts',
      "import { startCluster } from '@tacocloud/kafka-tools';\nexport const start = startCluster;\n",
    );
    expect(findings).toEqual([expect.stringContaining('A project tagged with "type:app" can only depend on libs tagged with "type:lib"')]);
  });

  it('lint should fail when an app imports kafkajs: only the messaging lib talks to Kafka', async () => {
    const findings = await boundaryFindings(
      'apps/order-api/src/boundary-probe.ts',
      "import { Kafka } from 'kafkajs';\nexport const client = Kafka;\n",
    );
    expect(findings).toEqual(['A project tagged with "type:app" is not allowed to import "kafkajs"']);
  });

  it('lint should pass when an app imports the messaging lib', async () => {
    const findings = await boundaryFindings(
      'apps/order-listener/src/boundary-probe.ts',
      "import { ordersTopic } from '@tacocloud/messaging';\nexport const topic = ordersTopic;\n",
    );
    expect(findings).toEqual([]);
  });
});
