// ESLint for the whole workspace (`npm run lint`): typescript-eslint's recommended rules, and
// Nx's module-boundary rule, which turns the `nx.tags` in each package.json into the
// dependency rules the architecture relies on (apps -> libs -> kafkajs; tools never use apps).
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import { createProjectGraphAsync } from '@nx/devkit';
import prettier from 'eslint-config-prettier/flat';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

// The boundary rule reads Nx's cached project graph and silently skips every check when
// there is none (a fresh clone, CI). Computing it here (about a second) makes the rule always run.
await createProjectGraphAsync({ exitOnError: true });

/** Only the messaging lib talks to Kafka: the client stays replaceable behind its API. */
const KAFKA_CLIENTS = ['kafkajs'];

export default defineConfig(
  {
    ignores: ['**/node_modules/', '**/dist/', '.nx/', '.kafka/', 'reports/', 'bench/', 'contracts/', 'libs/*/schemas/', '**/*.d.ts'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.ts'],
    // A project's vitest.config.ts extends the root vitest.shared.ts: workspace tooling, not a
    // dependency between projects.
    ignores: ['**/vitest*.config.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          // Workspace packages run from source (the `@tacocloud/source` condition), so no lib
          // needs to be built before another project may import it.
          enforceBuildableLibDependency: false,
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', 'type:contract'], bannedExternalImports: KAFKA_CLIENTS },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:contract'] },
            // The contract package depends on zod only: whoever wants the types gets no Kafka client.
            { sourceTag: 'type:contract', onlyDependOnLibsWithTags: [], bannedExternalImports: KAFKA_CLIENTS },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib', 'type:contract', 'type:tool'] },
            // docker/: compose files validated by tests that use the Kafka tools.
            { sourceTag: 'type:config', onlyDependOnLibsWithTags: ['type:lib', 'type:contract', 'type:tool'] },
          ],
        },
      ],
    },
  },
  {
    rules: {
      // `_`-prefixed names are deliberately unused: a destructured field left out of a rest
      // object (`const { a: _a, ...rest } = x`), or a parameter a callback signature requires.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  // Formatting is Prettier's job (`npm run format:check`): no stylistic lint rules.
  prettier,
);
