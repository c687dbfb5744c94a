import type { Ctx } from '../../common/context.js';
import { inTransaction } from '../../common/context.js';
import { RefusalReason, forbidden, invalidInput } from '../../common/errors.js';
import { queryRows } from '../../common/sql.js';
import { Role } from '../user/user.entity.js';
import { MessageKind, OrderEventKind, OrderMessageEntity, OrderStatus } from './order.entity.js';
import {
  MESSAGE_FILE_SIZE_MAX,
  MESSAGE_TEXT_MAX,
  MIME_TYPE_PATTERN,
  type OrderMessageInput,
} from './order-message.types.js';
import type { OrderOutcome } from './order.outcomes.js';
import { getVisibleOrder, recordEvent } from './order-store.js';

/** The file fields of a message input, in the order a refusal names them. */
const FILE_FIELDS = ['fileId', 'fileUniqueId', 'fileName', 'mimeType', 'fileSize'] as const;

/**
 * Checks a message before anything is written: text needs text and carries no file fields; files need a file
 * reference, a size within what Telegram lets a person send, a MIME type shaped `type/subtype`.
 */
function checkMessage(input: OrderMessageInput) {
  const text = input.text?.trim() || null;
  if (text && text.length > MESSAGE_TEXT_MAX) {
    throw invalidInput('text', `must be at most ${MESSAGE_TEXT_MAX} characters`, { max: MESSAGE_TEXT_MAX });
  }
  const opt = (v: string | undefined | null) => v?.trim() || null;
  if (input.kind === MessageKind.TEXT) {
    if (!text) throw invalidInput('text', `is required for a TEXT message: 1..${MESSAGE_TEXT_MAX} characters`);
    // Any value, even an empty one: a text message that names a file is a client bug worth hearing about.
    const given = FILE_FIELDS.find((f) => input[f] !== undefined && input[f] !== null);
    if (given) throw invalidInput(given, 'applies only to PHOTO, DOCUMENT and VOICE messages');
    return { kind: input.kind, text, fileId: null, fileUniqueId: null, fileName: null, mimeType: null, fileSize: null };
  }
  if (!input.fileId?.trim()) throw invalidInput('fileId', `is required for a ${input.kind} message`);
  const maxSize = MESSAGE_FILE_SIZE_MAX[input.kind];
  if (input.fileSize !== undefined && input.fileSize !== null && !(input.fileSize >= 1 && input.fileSize <= maxSize)) {
    throw invalidInput('fileSize', `must be from 1 to ${maxSize} bytes for a ${input.kind} message`, {
      min: 1,
      max: maxSize,
    });
  }
  const mimeType = opt(input.mimeType);
  if (mimeType !== null && !MIME_TYPE_PATTERN.test(mimeType)) {
    throw invalidInput('mimeType', 'must be a MIME type such as "application/pdf"');
  }
  return {
    kind: input.kind,
    text,
    fileId: opt(input.fileId),
    fileUniqueId: opt(input.fileUniqueId),
    fileName: opt(input.fileName),
    mimeType,
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
    throw forbidden('Only client members and the holding contractor write in an order', RefusalReason.ROLE_NOT_ALLOWED);
  }
  const sender = p.user;
  return inTransaction(ctx, async (tx) => {
    // The row lock orders messages after any concurrent status change.
    const order = await getVisibleOrder(tx, orderId, true);
    if (sender.role === Role.CONTRACTOR) {
      if (order.contractorId !== sender.id)
        throw forbidden('Only the contractor holding the order writes in it', RefusalReason.NOT_ORDER_HOLDER);
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
