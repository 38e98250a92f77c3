// `npm test`: every unit and integration test of the workspace in one run, one broker.
import { defineConfig } from 'vitest/config';
import { sharedConfig } from './vitest.shared.js';

export default defineConfig({
  ...sharedConfig,
  test: {
    ...sharedConfig.test,
    include: ['{apps,libs,tools}/*/src/**/*.test.ts', 'docker/**/*.test.ts'],
    // The fault suite starts its own 3-broker cluster: `npm run test:faults`.
    exclude: ['**/node_modules/**', '**/*.faults.test.ts'],
    reporters: ['default', ['json', { outputFile: 'reports/vitest.json' }]],
  },
});
