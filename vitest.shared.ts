// Settings every Vitest run shares: the root `npm test` and each Nx project's `test` target.
import { fileURLToPath } from 'node:url';
import type { ViteUserConfig } from 'vitest/config';

const globalSetup = fileURLToPath(new URL('./tools/kafka/src/vitest-global-setup.ts', import.meta.url));

export const sharedConfig = {
  // Workspace packages resolve to their TypeScript sources (see each package.json "exports").
  resolve: { conditions: ['@tacocloud/source'] },
  ssr: { resolve: { conditions: ['@tacocloud/source'] } },
  test: {
    environment: 'node',
    globalSetup: [globalSetup],
    // Integration tests wait on a real broker (group joins, leader elections): generous
    // ceilings that only matter when something hangs; no test relies on them for timing.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    teardownTimeout: 60_000,
  },
} satisfies ViteUserConfig;
