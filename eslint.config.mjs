import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';
import walls from './scripts/eslint-walls.mjs';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'var/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
        require: 'readonly',
        module: 'writable',
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // Module walls: entities stay inside their module, controllers stay off the ORM, libs/ stays off src/.
    plugins: { walls },
    rules: {
      'walls/no-foreign-entity-import': 'error',
      'walls/no-orm-in-controller': 'error',
      'walls/no-app-import-in-libs': 'error',
      'walls/one-module-per-folder': 'error',
      'walls/sql-in-repositories': 'error',
    },
  },
  {
    files: ['**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
