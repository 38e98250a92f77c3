// `npm run test:faults`: the fault-injection suite, which starts its own 3-broker cluster
// (so no shared test broker), one scenario at a time.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

const { globalSetup: _sharedBroker, ...test } = sharedConfig.test;

export default defineConfig({
  ...sharedConfig,
  test: {
    ...test,
    root: fileURLToPath(new URL('../../', import.meta.url)),
    include: ['tools/faults/src/**/*.faults.test.ts'],
    fileParallelism: false,
  },
});
