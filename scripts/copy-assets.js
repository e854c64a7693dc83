// Copies non-TypeScript files the built app reads at run time (catalogue JSON, pages) into dist/.
const { cpSync, existsSync } = require('node:fs');
const { join } = require('node:path');
const root = join(__dirname, '..');
for (const dir of ['apps/api/src/public']) {
  const from = join(root, dir);
  if (existsSync(from)) cpSync(from, join(root, 'dist', dir), { recursive: true });
}
