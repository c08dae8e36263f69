/**
 * `npm run schema:emit`: writes the sorted SDL to schema.graphql (committed; a test fails
 * when it differs from what the code builds). Needs no database.
 */
import 'reflect-metadata';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Registry } from '../container';
import { printSortedSchema, createSchema } from '../schema';

// npm runs scripts from the project root.
const SCHEMA_FILE = path.resolve('schema.graphql');

async function emit(): Promise<void> {
  const sdl = printSortedSchema(await createSchema(new Registry()));
  await fs.writeFile(SCHEMA_FILE, sdl);
  process.stdout.write(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}\n`);
}

emit().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
