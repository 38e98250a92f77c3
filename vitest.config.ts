// `npm test`: every unit and integration test of the workspace in one run, one broker.
import { defineConfig } from 'vitest/config';
import { sharedConfig } from './vitest.shared.js';

export default defineConfig({
  ...sharedConfig,
  test: {
    ...sharedConfig.test,
    include: ['{apps,libs,tools}/*/src/**/*.test.ts', 'docker/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: 'reports/vitest.json' }]],
  },
});
