import type { Ctx } from '../../common/context.js';
import { inTransaction } from '../../common/context.js';
import { forbidden, invalidInput } from '../../common/errors.js';
import { queryRows } from '../../common/sql.js';
import { Role } from '../user/user.entity.js';
import { MessageKind, OrderEventKind, OrderMessageEntity, OrderStatus } from './order.entity.js';
import { MESSAGE_TEXT_MAX, type OrderMessageInput } from './order-message.types.js';
import type { OrderOutcome } from './order.outcomes.js';
import { getVisibleOrder, recordEvent } from './order-store.js';

/** Checks a message before anything is written: text needs text, files need a file reference. */
function checkMessage(input: OrderMessageInput) {
  const text = input.text?.trim() || null;
  if (text && text.length > MESSAGE_TEXT_MAX) {
    throw invalidInput('text', `must be at most ${MESSAGE_TEXT_MAX} characters`, { max: MESSAGE_TEXT_MAX });
  }
  if (input.kind === MessageKind.TEXT) {
    if (!text) throw invalidInput('text', `is required for a TEXT message: 1..${MESSAGE_TEXT_MAX} characters`);
    if (input.fileId) throw invalidInput('fileId', 'applies only to PHOTO, DOCUMENT and VOICE messages');
  } else if (!input.fileId?.trim()) {
    throw invalidInput('fileId', `is required for a ${input.kind} message`);
  }
  if (
    input.fileSize !== undefined &&
    input.fileSize !== null &&
    (!Number.isInteger(input.fileSize) || input.fileSize < 0)
  ) {
    throw invalidInput('fileSize', 'must be a whole number of bytes ≥ 0', { min: 0 });
  }
  const opt = (v: string | undefined | null) => v?.trim() || null;
  return {
    kind: input.kind,
    text,
    fileId: input.kind === MessageKind.TEXT ? null : opt(input.fileId),
    fileUniqueId: opt(input.fileUniqueId),
    fileName: opt(input.fileName),
    mimeType: opt(input.mimeType),
    fileSize: input.fileSize ?? null,
  };
}

/**
 * R-ORD-9: client members of the account write while the order is NEW or IN_PROGRESS (they may add
 * details before it is taken); the holding contractor writes while it is IN_PROGRESS.
 */
export async function sendOrderMessage(ctx: Ctx, orderId: string, input: OrderMessageInput): Promise<OrderOutcome> {
  const message = checkMessage(input);
  const p = ctx.principal;
  if (p.kind !== 'user' || (p.user.role !== Role.CLIENT && p.user.role !== Role.CONTRACTOR)) {
    throw forbidden('Only client members and the holding contractor write in an order');
  }
  const sender = p.user;
  return inTransaction(ctx, async (tx) => {
    // The row lock orders messages after any concurrent status change.
    const order = await getVisibleOrder(tx, orderId, true);
    if (sender.role === Role.CONTRACTOR) {
      if (order.contractorId !== sender.id) throw forbidden('Only the contractor holding the order writes in it');
      if (order.status !== OrderStatus.IN_PROGRESS) {
        return { kind: 'closedForMessages', status: order.status, message: `the order is ${order.status}` };
      }
    } else if (order.status !== OrderStatus.NEW && order.status !== OrderStatus.IN_PROGRESS) {
      return { kind: 'closedForMessages', status: order.status, message: `the order is ${order.status}` };
    }
    const now = tx.clock.now();
    const [row] = await queryRows<{ id: string }>(
      tx.em,
      `INSERT INTO order_message (order_id, sender_id, kind, text, file_id, file_unique_id, file_name, mime_type, file_size, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [
        order.id,
        sender.id,
        message.kind,
        message.text,
        message.fileId,
        message.fileUniqueId,
        message.fileName,
        message.mimeType,
        message.fileSize,
        now,
      ],
    );
    await tx.em.query(`UPDATE service_order SET updated_at = $2 WHERE id = $1`, [order.id, now]);
    await recordEvent(tx, order, OrderEventKind.MESSAGE, { data: { messageId: row!.id, kind: message.kind } });
    return {
      kind: 'message',
      message: await tx.em.getRepository(OrderMessageEntity).findOneByOrFail({ id: row!.id }),
    };
  });
}
