import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { printApiSchema } from '../../scripts/print-schema';
import { schemaDiff } from '../../scripts/schema-diff';
import { TEST_DATABASE_URL } from '../support/test-database';

describe('drift checks', () => {
  it('the committed migrations produce exactly the schema the entities describe', async () => {
    const diff = await schemaDiff(TEST_DATABASE_URL);
    // A non-empty list is the migration still to write: npm run migration:generate -- Name
    expect(diff.up).toEqual([]);
  });

  it('schema.gql is the schema the resolvers build (npm run schema:generate)', async () => {
    const committed = readFileSync(join(__dirname, '..', '..', 'schema.gql'), 'utf8');
    expect(await printApiSchema()).toBe(committed);
  });
});
