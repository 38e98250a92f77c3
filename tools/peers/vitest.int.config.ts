// Nx `test-int`: this project's integration tests, on one real broker (see vitest.shared.ts).
import { defineConfig } from 'vitest/config';
import { integrationTestConfig } from '../../vitest.shared.js';

export default defineConfig(integrationTestConfig(import.meta.url));
