// `npm test`: every unit and integration test of the workspace in one run, on one broker.
import { defineConfig } from 'vitest/config';
import { kafkaGlobalSetup, sharedConfig } from './vitest.shared.js';

export const WORKSPACE_TESTS = ['{apps,libs,tools}/*/{src,scripts}/**/*.test.ts', 'docker/**/*.test.ts'];

export default defineConfig({
  ...sharedConfig,
  test: {
    ...sharedConfig.test,
    include: WORKSPACE_TESTS,
    globalSetup: [kafkaGlobalSetup],
    reporters: ['default', ['json', { outputFile: 'reports/vitest.json' }]],
  },
});
