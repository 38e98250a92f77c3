// Settings every Vitest run shares, and the two kinds of test run a project has:
// - unit (`*.test.ts`, Nx target `test`): no Kafka, so Nx can cache them;
// - integration (`*.int.test.ts`, Nx target `test-int`): against one real broker, started
//   by the global setup (or the cluster KAFKA_BROKERS names).
// The root configs run the whole workspace: `npm test` (both kinds, one broker), `npm run test:int`.
import { fileURLToPath } from 'node:url';
import { configDefaults, type ViteUserConfig } from 'vitest/config';

/** Starts (or points the tests at) the one broker integration tests share. */
export const kafkaGlobalSetup = fileURLToPath(new URL('./tools/kafka/src/vitest-global-setup.ts', import.meta.url));

/** Integration tests need a broker; the fault suite starts its own 3-broker cluster (`npm run test:faults`). */
export const INTEGRATION_TESTS = '**/*.int.test.ts';
export const FAULT_TESTS = '**/*.faults.test.ts';

export const sharedConfig = {
  // Workspace packages resolve to their TypeScript sources (see each package.json "exports").
  resolve: { conditions: ['@tacocloud/source'] },
  ssr: { resolve: { conditions: ['@tacocloud/source'] } },
  // Vitest 4 runs global setup files (the Kafka one imports @tacocloud/messaging) in its own
  // Vite environment, `__vitest__`, which takes neither of the settings above.
  environments: { __vitest__: { resolve: { conditions: ['@tacocloud/source'] } } },
  test: {
    environment: 'node',
    exclude: [...configDefaults.exclude, FAULT_TESTS],
    // Integration tests wait on a real broker (group joins, leader elections), and some unit
    // tests start a process: generous ceilings that only matter when something hangs; no test
    // relies on them for timing.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    teardownTimeout: 60_000,
  },
} satisfies ViteUserConfig;

/**
 * A project's unit tests (its Nx `test` target): every `*.test.ts` under `include` except the
 * integration and fault tests, with no broker. The JSON report in `<project>/reports/unit.json`
 * is the target's cached output: `.ci/run` counts it even when Nx replays a cached run.
 */
export function unitTestConfig(projectConfigUrl: string, include = ['src/**/*.test.ts']): ViteUserConfig {
  return {
    ...sharedConfig,
    root: fileURLToPath(new URL('.', projectConfigUrl)),
    test: {
      ...sharedConfig.test,
      include,
      exclude: [...sharedConfig.test.exclude, INTEGRATION_TESTS],
      passWithNoTests: true,
      reporters: ['default', ['json', { outputFile: 'reports/unit.json' }]],
    },
  };
}

/** A project's integration tests (its Nx `test-int` target): `*.int.test.ts` on one broker. */
export function integrationTestConfig(projectConfigUrl: string, include = ['src/**/*.int.test.ts']): ViteUserConfig {
  return {
    ...sharedConfig,
    root: fileURLToPath(new URL('.', projectConfigUrl)),
    test: { ...sharedConfig.test, include, globalSetup: [kafkaGlobalSetup] },
  };
}
