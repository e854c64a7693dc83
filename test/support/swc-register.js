// A require hook that compiles TypeScript with @swc/core, as the Jest tests do (legacy decorators with
// their metadata, which NestJS and TypeORM need): child processes started by tests run from the
// sources with it (`node -r ./test/support/swc-register.js -r tsconfig-paths/register file.ts`).
const { readFileSync } = require('node:fs');
const { transformSync } = require('@swc/core');

const options = {
  swcrc: false,
  sourceMaps: 'inline',
  module: { type: 'commonjs' },
  jsc: {
    target: 'es2022',
    keepClassNames: true,
    parser: { syntax: 'typescript', decorators: true, dynamicImport: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: true },
  },
};

require.extensions['.ts'] = function compile(module, filename) {
  const { code } = transformSync(readFileSync(filename, 'utf8'), { ...options, filename });
  module._compile(code, filename);
};
