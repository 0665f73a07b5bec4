// @ts-check
import tseslint from 'typescript-eslint';

// Must equal DOMAINS of @sextant/api (libs/api/src/domains.spec.ts checks it).
const DOMAINS = ['tracking', 'serving', 'pipelines', 'monitoring'];
const APPS = ['@sextant/app-*', '@sextant/cli', '@sextant/console'];

/** Boundary rules: nothing imports an app; no domain lib imports another; the console only the client. */
const boundaries = [
  {
    files: ['libs/**/*.ts', 'apps/**/*.ts', 'apps/**/*.tsx', 'plugins/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: APPS, message: 'Apps are composition roots: nothing imports them.' }],
        },
      ],
    },
  },
  ...DOMAINS.map((domain) => ({
    files: [`libs/${domain}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: APPS, message: 'Apps are composition roots: nothing imports them.' },
            {
              group: DOMAINS.filter((d) => d !== domain).map((d) => `@sextant/${d}`),
              message:
                'Domain libs never import each other: use events or the other service’s API.',
            },
          ],
        },
      ],
    },
  })),
  {
    files: ['apps/console/**/*.ts', 'apps/console/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: APPS, message: 'Apps are composition roots: nothing imports them.' },
            {
              group: [
                '@sextant/db',
                '@sextant/bus',
                '@sextant/runtime',
                ...DOMAINS.map((d) => `@sextant/${d}`),
              ],
              message: 'The console talks to the API through @sextant/client only.',
            },
          ],
        },
      ],
    },
  },
];

/**
 * The environment is read in files named env.ts only, where it is parsed once into a typed config
 * (CONVENTIONS: env validated once). Tests are entry points and may read it; JS scripts (bench/,
 * infra/) are not linted.
 */
const ENV_MESSAGE = 'Read the environment in an env.ts file (parsed once), and pass the values in.';
const envOnlyInEnvFiles = {
  files: ['**/*.ts', '**/*.tsx'],
  ignores: ['**/env.ts', '**/test/**', '**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts'],
  rules: {
    'no-restricted-properties': [
      'error',
      { object: 'process', property: 'env', message: ENV_MESSAGE },
    ],
    'no-restricted-syntax': [
      'error',
      {
        selector:
          "MemberExpression[property.name='env'][object.type='MemberExpression'][object.property.name='process']",
        message: ENV_MESSAGE,
      },
      {
        selector:
          "ImportDeclaration[source.value=/^(node:)?process$/] ImportSpecifier[imported.name='env']",
        message: ENV_MESSAGE,
      },
    ],
  },
};

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/.next/**',
      '**/node_modules/**',
      '**/generated/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
      '**/next-env.d.ts',
      '**/test-results/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { attributes: false } },
      ],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      'no-console': 'error',
    },
  },
  {
    files: ['**/test/**/*.ts', '**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  ...boundaries,
  envOnlyInEnvFiles,
);
