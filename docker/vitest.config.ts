// Nx `test`: the compose files validated, no Kafka (see vitest.shared.ts).
import { defineConfig } from 'vitest/config';
import { unitTestConfig } from '../vitest.shared.js';

export default defineConfig(unitTestConfig(import.meta.url, ['**/*.test.ts']));
