import { Composer } from 'grammy';
import type { Message } from 'grammy/types';
import { callbacks } from '../bot/callback-data.js';
import type { BotContext } from '../bot/context.js';
import { isCommand, onButton } from '../bot/handlers.js';
import { say } from '../bot/menu.js';
import { OrderCardDocument, SendOrderMessageDocument, type OrderMessageInput } from '../generated/graphql.js';
import { cancelFlowKeyboard } from '../keyboards/order.keyboards.js';

/**
 * The order's conversation (R-ORD-9): after "Write" (or "Reply" under a relayed message), what the person
 * sends — text, photo, document, voice — is stored on the order; the server notifies the other side and
 * the notification consumer delivers it there.
 */
export const conversationFeature = new Composer<BotContext>();

onButton(conversationFeature, callbacks.write, { roles: ['CLIENT', 'CONTRACTOR'] }, async (ctx, { orderId }) => {
  const { order } = await ctx.gql.request(OrderCardDocument, { id: orderId });
  if (order.status !== 'IN_PROGRESS') {
    return void (await ctx.answerCallbackQuery({ text: ctx.t('write-closed'), show_alert: true }));
  }
  ctx.session.flow = { kind: 'relay', orderId, number: order.number };
  await say(ctx, ctx.t('write-prompt', { number: order.number }), cancelFlowKeyboard(ctx.t));
});

conversationFeature.on('message', async (ctx, next) => {
  if (isCommand(ctx)) return next();
  const flow = ctx.session.flow;
  if (flow?.kind !== 'relay' || !ctx.viewer) return next();
  const input = messageInput(ctx.message);
  if (!input) return void (await ctx.reply(ctx.t('write-unsupported')));
  const { sendOrderMessage: result } = await ctx.gql.request(SendOrderMessageDocument, {
    orderId: flow.orderId,
    input,
  });
  switch (result.__typename) {
    case 'OrderMessage':
      return void (await ctx.reply(ctx.t('write-sent', { number: flow.number }), {
        reply_markup: cancelFlowKeyboard(ctx.t),
      }));
    case 'OrderClosedForMessages':
      delete ctx.session.flow;
      return void (await ctx.reply(ctx.t('write-closed')));
    default: {
      const unhandled: never = result;
      throw new Error(`unhandled sendOrderMessage result ${JSON.stringify(unhandled)}`);
    }
  }
});

/**
 * The largest file size the server takes per kind, in bytes (schema: OrderMessageInput.fileSize): Telegram's
 * own limits, except that a Premium user's file over 2000 MiB does not fit a GraphQL Int. Such a size is left
 * out (it is optional) so that the file is still relayed.
 */
const FILE_SIZE_MAX = { PHOTO: 10 * 1024 * 1024, DOCUMENT: 2000 * 1024 * 1024, VOICE: 2000 * 1024 * 1024 } as const;

/** The size to report for a file of a kind: Telegram's, when the server can take it. */
function sizeOf(kind: keyof typeof FILE_SIZE_MAX, size: number | undefined): { fileSize?: number } {
  return size && size >= 1 && size <= FILE_SIZE_MAX[kind] ? { fileSize: size } : {};
}

/** What to store for a Telegram message: its text, or the file reference and caption. */
export function messageInput(m: Message): OrderMessageInput | undefined {
  // Kept whole: the server takes all Telegram allows (4096 characters of text, 1024 of a caption).
  const caption = m.caption ? { text: m.caption } : {};
  if (m.text) return { kind: 'TEXT', text: m.text };
  if (m.photo?.length) {
    const largest = m.photo[m.photo.length - 1]!;
    return {
      kind: 'PHOTO',
      fileId: largest.file_id,
      fileUniqueId: largest.file_unique_id,
      ...sizeOf('PHOTO', largest.file_size),
      ...caption,
    };
  }
  if (m.document) {
    return {
      kind: 'DOCUMENT',
      fileId: m.document.file_id,
      fileUniqueId: m.document.file_unique_id,
      ...(m.document.file_name ? { fileName: m.document.file_name } : {}),
      ...(m.document.mime_type ? { mimeType: m.document.mime_type } : {}),
      ...sizeOf('DOCUMENT', m.document.file_size),
      ...caption,
    };
  }
  if (m.voice) {
    return {
      kind: 'VOICE',
      fileId: m.voice.file_id,
      fileUniqueId: m.voice.file_unique_id,
      ...(m.voice.mime_type ? { mimeType: m.voice.mime_type } : {}),
      ...sizeOf('VOICE', m.voice.file_size),
      ...caption,
    };
  }
  return undefined;
}
