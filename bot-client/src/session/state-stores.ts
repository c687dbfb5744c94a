import path from 'node:path';
import type { StorageAdapter } from 'grammy';
import type { GraphqlClient } from '../api/graphql-client.js';
import { JsonFileStore } from './json-file-store.js';
import { ServerStateStore } from './server-state-store.js';

/** A key → JSON store of the bot's own state (sessions, offer cards, blocked chats). */
export interface StateStore<T> extends StorageAdapter<T> {
  /** Other bot instances read and write the same values: a process must not cache them. */
  readonly shared: boolean;
}

/** Opens the store of one kind of state by name ("sessions", "offer-cards", "blocked-chats"). */
export type StateStores = <T>(name: string) => StateStore<T>;

/** BOT_STATE=files: one directory per store under BOT_DATA_DIR, for this instance alone. */
export const fileStores =
  (dataDir: string): StateStores =>
  <T>(name: string) =>
    new JsonFileStore<T>(path.join(dataDir, name));

/** BOT_STATE=server (the default): kept by the server, the same for every bot instance (PRODUCT.md §11). */
export const serverStores =
  (graphql: GraphqlClient): StateStores =>
  <T>(name: string) =>
    new ServerStateStore<T>(graphql, name);
