import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createSchema, printStableSchema } from './schema.js';

/** Writes schema/schema.graphql: the only contract the clients share. */
const target = fileURLToPath(new URL('../../../schema/schema.graphql', import.meta.url));
await writeFile(target, printStableSchema(await createSchema()));
console.log(`schema written to ${target}`);
