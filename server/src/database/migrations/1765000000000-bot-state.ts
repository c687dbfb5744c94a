import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The bot's own state — chat sessions (a half-filled order), offer cards, blocked chats — kept by the server
 * for every bot instance alike (PRODUCT.md §11): an update answered by another instance, or an instance that
 * takes over after one died, continues where the conversation was. `store` names the kind, `key` the chat
 * or id within it. `value` is JSON kept as text, so any string a person typed (even U+0000, which jsonb refuses)
 * is kept as it was.
 */
export class BotState1765000000000 implements MigrationInterface {
  name = 'BotState1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE bot_state (
        store varchar(40) NOT NULL,
        key varchar(200) NOT NULL,
        value text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (store, key)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE bot_state`);
  }
}
