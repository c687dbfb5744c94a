import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Ctx as GqlCtx, Mutation, Query, Resolver } from 'type-graphql';
import { CustomRule } from '../../common/auth/access.js';
import type { Ctx } from '../../common/context.js';
import { BOT_STATE_LIMITS, type BotStateService } from './bot-state.service.js';

const RULE = 'the bot service only (its own token, no acting user)';
const storeArg = {
  description:
    `Which of the bot's stores (1–${BOT_STATE_LIMITS.store} of a-z 0-9 -, starting with a letter), ` +
    'e.g. "sessions", "offer-cards", "blocked-chats".',
};
const keyArg = { description: `The entry within the store (1–${BOT_STATE_LIMITS.key} characters), e.g. a chat id.` };

/**
 * The bot's own state, kept by the server so that every bot instance sees the same (PRODUCT.md §11): an update
 * answered by another instance, or an instance taking over from one that died, continues the conversation.
 */
@Resolver()
export class BotStateResolver {
  constructor(private readonly service: BotStateService) {}

  @Query(() => GraphQLJSONObject, {
    nullable: true,
    description: 'The value the bot service keeps under a key of one of its stores; null when there is none.',
  })
  @CustomRule(RULE)
  async botState(
    @GqlCtx() ctx: Ctx,
    @Arg('store', () => String, storeArg) store: string,
    @Arg('key', () => String, keyArg) key: string,
  ): Promise<Record<string, unknown> | null> {
    return this.service.read(ctx, store, key);
  }

  @Mutation(() => Boolean, {
    description:
      `Keeps a value under a key of one of the bot's stores, replacing what was there (at most ` +
      `${BOT_STATE_LIMITS.valueCharacters} characters as JSON). Always true.`,
  })
  @CustomRule(RULE)
  async writeBotState(
    @GqlCtx() ctx: Ctx,
    @Arg('store', () => String, storeArg) store: string,
    @Arg('key', () => String, keyArg) key: string,
    @Arg('value', () => GraphQLJSONObject, { description: 'The value, a JSON object.' }) value: Record<string, unknown>,
  ): Promise<boolean> {
    await this.service.write(ctx, store, key, value);
    return true;
  }

  @Mutation(() => Boolean, {
    description: "Removes a key from one of the bot's stores; false when there was nothing under it.",
  })
  @CustomRule(RULE)
  async deleteBotState(
    @GqlCtx() ctx: Ctx,
    @Arg('store', () => String, storeArg) store: string,
    @Arg('key', () => String, keyArg) key: string,
  ): Promise<boolean> {
    return this.service.delete(ctx, store, key);
  }
}
