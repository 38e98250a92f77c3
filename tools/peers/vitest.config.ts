// Nx `test`: this project's unit tests, no Kafka (see vitest.shared.ts).
import { defineConfig } from 'vitest/config';
import { unitTestConfig } from '../../vitest.shared.js';

export default defineConfig(unitTestConfig(import.meta.url, ['src/**/*.test.ts', 'nestjs/src/**/*.test.ts']));
