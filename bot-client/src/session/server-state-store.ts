import type { StorageAdapter } from 'grammy';
import type { GraphqlClient } from '../api/graphql-client.js';
import { BotStateDocument, DeleteBotStateDocument, WriteBotStateDocument } from '../generated/graphql.js';

/**
 * A key → JSON store kept by the server (`botState`), shared by every bot instance: an update answered by
 * another instance, or an instance taking over from one that died, finds the same sessions, offer cards and
 * blocked chats. The last write of a key wins, as with any session storage.
 */
export class ServerStateStore<T> implements StorageAdapter<T> {
  /** Every instance reads the same values: nothing may be cached in one process. */
  readonly shared = true;

  constructor(
    private readonly graphql: GraphqlClient,
    private readonly store: string,
  ) {}

  async read(key: string): Promise<T | undefined> {
    const { botState } = await this.graphql.asService(BotStateDocument, { store: this.store, key });
    return (botState ?? undefined) as T | undefined;
  }

  async write(key: string, value: T): Promise<void> {
    await this.graphql.asService(WriteBotStateDocument, {
      store: this.store,
      key,
      value: value as Record<string, unknown>,
    });
  }

  async delete(key: string): Promise<void> {
    await this.graphql.asService(DeleteBotStateDocument, { store: this.store, key });
  }
}
