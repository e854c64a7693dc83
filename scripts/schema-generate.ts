import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { printApiSchema } from './print-schema';

printApiSchema()
  .then((sdl) => {
    writeFileSync(join(__dirname, '..', 'schema.gql'), sdl);
    console.log('schema.gql written');
    process.exit(0);
  })
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
