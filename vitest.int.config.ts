// `npm run test:int`: the integration tests (`*.int.test.ts`) of the whole workspace in one
// run, on one broker; `.ci/run` runs it after the unit tests (`nx run-many -t test`).
import { defineConfig } from 'vitest/config';
import { INTEGRATION_TESTS, kafkaGlobalSetup, sharedConfig } from './vitest.shared.js';

export default defineConfig({
  ...sharedConfig,
  test: {
    ...sharedConfig.test,
    include: [`{apps,libs,tools}/*/{src,scripts}/${INTEGRATION_TESTS}`, `docker/${INTEGRATION_TESTS}`],
    globalSetup: [kafkaGlobalSetup],
    reporters: ['default', ['json', { outputFile: 'reports/vitest-int.json' }]],
  },
});
