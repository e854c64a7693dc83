import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { schemaDiff } from './schema-diff';

/** npm run migration:generate -- Name  (needs a PostgreSQL server: TEST_DATABASE_URL or the local one) */
async function main() {
  const name = process.argv[2];
  if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
    console.error('Usage: npm run migration:generate -- MigrationName (PascalCase)');
    process.exit(2);
  }
  const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const diff = await schemaDiff(adminUrl);
  if (diff.up.length === 0) {
    console.log('No changes: the migrations already match the entities.');
    return;
  }
  const timestamp = Date.now();
  const className = `${name}${timestamp}`;
  const q = (sql: string) => `    await queryRunner.query(${JSON.stringify(sql)});`;
  const body = `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${diff.up.map(q).join('\n')}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${diff.down.map(q).join('\n')}
  }
}
`;
  const file = join(__dirname, '..', 'migrations', `${timestamp}-${name}.ts`);
  writeFileSync(file, body);
  console.log(`Wrote ${file}: add ${className} to migrations/index.ts`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
