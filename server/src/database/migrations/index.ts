import { InitialSchema1764000000000 } from './1764000000000-initial-schema.js';

/** Every migration, in order. Listed explicitly: globs break under vitest. */
export const migrations = [InitialSchema1764000000000];
