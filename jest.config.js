/* eslint-disable no-undef */
// Jest configuration: three projects (unit, integration, e2e), TypeScript through @swc/jest with legacy
// decorators and emitted decorator metadata (NestJS, TypeORM and @nestjs/graphql code-first need
// `design:type` / `design:paramtypes`), and the tsconfig.json path aliases mapped for module resolution.
//
// Run the suites with `npm test` (scripts/run-tests.js): it runs the projects one after another with the
// right parallelism (unit: parallel, integration: 2 workers, e2e: in band) and prints the summary line.
//
// This file is also listed in `setupFilesAfterEnv`: loaded inside a test file's sandbox it only loads
// reflect-metadata and applies the project's timeout (Jest 29 has no per-project `testTimeout`).

if (typeof jest !== 'undefined' && typeof globalThis.__RENKEI_TEST_TIMEOUT__ === 'number') {
  require('reflect-metadata');
  jest.setTimeout(globalThis.__RENKEI_TEST_TIMEOUT__);
} else {
  const { readFileSync } = require('node:fs');
  const { join, relative, resolve } = require('node:path');

  const root = __dirname;

  function readTsconfig() {
    const file = join(root, 'tsconfig.json');
    const text = readFileSync(file, 'utf8');
    try {
      return JSON.parse(text);
    } catch {
      // tsconfig.json may hold comments or trailing commas: let TypeScript parse it.
      const ts = require('typescript');
      const parsed = ts.parseConfigFileTextToJson(file, text);
      if (parsed.error) throw new Error(`Cannot parse tsconfig.json: ${parsed.error.messageText}`);
      return parsed.config;
    }
  }

  const compilerOptions = readTsconfig().compilerOptions ?? {};

  /** moduleNameMapper from compilerOptions.paths: `@a/b/*` -> `^@a/b/(.*)$`, `@a/b` -> `^@a/b$`. */
  function moduleNameMapperFromPaths() {
    const baseUrl = resolve(root, compilerOptions.baseUrl ?? '.');
    const escape = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    const mapper = {};
    for (const [alias, targets] of Object.entries(compilerOptions.paths ?? {})) {
      const wildcard = alias.endsWith('/*');
      const key = wildcard ? `^${escape(alias.slice(0, -2))}/(.*)$` : `^${escape(alias)}$`;
      const mapped = targets.map((target) => {
        const path = relative(root, resolve(baseUrl, target)).split('\\').join('/');
        const withRoot = path === '' ? '<rootDir>' : `<rootDir>/${path}`;
        return wildcard ? withRoot.replace(/\*$/, '$1') : withRoot;
      });
      mapper[key] = mapped.length === 1 ? mapped[0] : mapped;
    }
    return mapper;
  }

  // Mirror tsc: class fields use [[Define]] semantics by default from ES2022 on.
  const target = String(compilerOptions.target ?? 'es2022').toLowerCase();
  const useDefineForClassFields =
    compilerOptions.useDefineForClassFields ?? (target === 'esnext' || Number(target.slice(2)) >= 2022);

  const swcTransform = [
    '@swc/jest',
    {
      swcrc: false,
      sourceMaps: 'inline',
      module: { type: 'commonjs' },
      jsc: {
        target: 'es2022',
        keepClassNames: true,
        parser: { syntax: 'typescript', decorators: true, dynamicImport: true },
        transform: {
          legacyDecorator: true,
          decoratorMetadata: true,
          useDefineForClassFields,
        },
      },
    },
  ];

  const moduleNameMapper = moduleNameMapperFromPaths();

  function project(displayName, testMatch, timeoutMs) {
    return {
      displayName,
      rootDir: root,
      testEnvironment: 'node',
      testMatch,
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/dist/'],
      modulePathIgnorePatterns: ['<rootDir>/dist/'],
      transform: { '^.+\\.tsx?$': swcTransform },
      transformIgnorePatterns: ['/node_modules/'],
      moduleFileExtensions: ['ts', 'tsx', 'js', 'json', 'node'],
      moduleNameMapper,
      globals: { __RENKEI_TEST_TIMEOUT__: timeoutMs },
      setupFilesAfterEnv: [__filename],
    };
  }

  /** @type {import('jest').Config} */
  module.exports = {
    rootDir: root,
    projects: [
      project(
        'unit',
        ['<rootDir>/libs/**/__tests__/**/*.spec.ts', '<rootDir>/apps/**/__tests__/**/*.spec.ts'],
        10_000,
      ),
      project('integration', ['<rootDir>/test/integration/**/*.spec.ts'], 60_000),
      project('e2e', ['<rootDir>/test/e2e/**/*.spec.ts'], 180_000),
    ],
    collectCoverageFrom: [
      '<rootDir>/libs/**/src/**/*.ts',
      '<rootDir>/apps/**/src/**/*.ts',
      '!**/__tests__/**',
    ],
    coverageDirectory: '<rootDir>/coverage',
    // Used when jest is run directly (`npx jest`); scripts/run-tests.js sets the workers per project.
    maxWorkers: 2,
  };
}
