// ESLint flat config for the whole monorepo (TypeScript via typescript-eslint).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const NO_IS_OPTIONAL = { name: 'class-validator', importNames: ['IsOptional'], message: 'Use Omittable() from platform/common/http/omittable.ts: IsOptional also skips null.' };

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/coverage/**', 'test/artifacts/**', 'data/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-console': 'off',
    },
  },
  {
    // class-validator's IsOptional lets null through to the services; server DTOs use Omittable() instead.
    files: ['server/src/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [NO_IS_OPTIONAL] }] },
  },
  {
    // The machinery does not know the features built on it, except who people are and which school they belong
    // to (identity, tenancy). The registries that list every entity and migration are the exception.
    files: ['server/src/platform/**/*.ts'],
    ignores: ['server/src/platform/database/entities.ts', 'server/src/platform/database/migrations/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [NO_IS_OPTIONAL],
        patterns: [{
          regex: '/features/(?!identity/|tenancy/)',
          message: 'platform/ may import only features/identity and features/tenancy (see docs/CONVENTIONS.md).',
        }],
      }],
    },
  },
  {
    // A page's module exports only its page on weapp (Taro wraps it), so a name imported from another page is
    // undefined there while h5 and the tests still see it. What several pages share lives in components/ or state/.
    files: ['miniprogram/src/**/*.ts', 'miniprogram/src/**/*.tsx'],
    ignores: ['miniprogram/src/**/*.test.ts', 'miniprogram/src/**/*.test.tsx'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ regex: '^(\\.\\./)+(.*/)?index$', message: "Another page's module: on weapp it exports only the page. Move what is shared to components/ or state/." }],
      }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
  },
);
