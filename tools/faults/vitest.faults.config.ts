// `npm run test:faults`: the fault-injection suite, which starts its own 3-broker cluster
// (so no shared test broker), one scenario at a time.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { FAULT_TESTS, sharedConfig } from '../../vitest.shared.js';

export default defineConfig({
  ...sharedConfig,
  test: {
    ...sharedConfig.test,
    root: fileURLToPath(new URL('../../', import.meta.url)),
    include: [`tools/faults/src/${FAULT_TESTS}`],
    exclude: ['**/node_modules/**'],
    fileParallelism: false,
  },
});
