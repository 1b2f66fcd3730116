// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import layers from './tools/eslint/layerImports.js';

const nodeBuiltins = [
  'node:.+',
  'fs',
  'path',
  'os',
  'child_process',
  'http',
  'https',
  'net',
  'crypto',
  'worker_threads',
  'stream',
];

/**
 * A `no-restricted-imports` pattern for bare package names and their subpaths. A regex,
 * not a gitignore-style group, because a group such as `electron/*` also matches the
 * relative path `../../electron/x`, which arcflux/layer-imports already judges.
 */
/** @param {string[]} names */
const packages = (names) => `^(${names.join('|')})(/.*)?$`;

/** The doors: thin adapters from one runtime (IPC, REST, the command line) to the core. */
const doors = [
  'electron/main',
  'electron/server',
  'electron/cli',
  'electron/preload',
  'electron/launcher',
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      eqeqeq: ['error', 'always'],
    },
  },
  // The architecture's boundaries, enforced: shared is runtime-neutral, core never touches
  // Electron, and the renderer only reaches the core through the contract. Packages are
  // banned by name (no-restricted-imports); folders by where an import resolves
  // (arcflux/layer-imports), so the folder rules hold at any depth.
  {
    files: ['**/*.{ts,tsx,mjs}'],
    plugins: { arcflux: layers },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'arcflux/layer-imports': [
        'error',
        {
          forbidden: ['electron', 'renderer'],
          message:
            'shared/ is the contract every layer reads: it imports no door, core or renderer.',
        },
      ],
    },
  },
  {
    files: ['electron/core/**/*.ts'],
    rules: {
      'arcflux/layer-imports': [
        'error',
        {
          forbidden: [...doors, 'renderer'],
          message:
            'electron/core is reached through doors; it never imports a door or the renderer.',
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'arcflux/layer-imports': [
        'error',
        {
          forbidden: ['electron'],
          message: 'The renderer reaches the app only through shared/contract and its bridge.',
        },
      ],
    },
  },
  {
    files: doors.map((door) => `${door}/**/*.{ts,mjs}`),
    rules: {
      'arcflux/layer-imports': [
        'error',
        {
          forbidden: ['renderer', 'electron/core/intent'],
          message:
            'A door reaches the core through its dispatch or an entry point such as core/parseService, never the parser internals or the renderer.',
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: packages([...nodeBuiltins, 'electron', 'react', 'react-dom']),
              message:
                'shared/ holds only runtime-neutral schemas and the contract: no Node, Electron, DOM or React.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...[
          'window',
          'document',
          'navigator',
          'localStorage',
          'sessionStorage',
          'process',
          'Buffer',
        ].map((name) => ({
          name,
          message: 'shared/ must run unchanged in Node and in the renderer.',
        })),
      ],
    },
  },
  {
    files: ['electron/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: packages(['electron']),
              message: 'electron/core is pure Node: it never imports Electron.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: packages([...nodeBuiltins, 'electron']),
              message: 'The renderer reaches the core only through shared/contract and its bridge.',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests poke at parsed JSON responses; typing every fixture would add noise, not safety.
    files: ['tests/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  prettier,
);
