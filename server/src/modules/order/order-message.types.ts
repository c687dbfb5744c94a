import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { MaxLength } from 'class-validator';
import { VisibleWithParent } from '../../common/auth/access.js';
import { DateTimeISO } from '../../common/graphql/scalars.js';
import { MessageKind, type OrderMessageEntity } from './order.entity.js';

registerEnumType(MessageKind, {
  name: 'MessageKind',
  description: 'What a conversation message carries (R-ORD-9).',
  valuesConfig: {
    TEXT: { description: 'Text only.' },
    PHOTO: { description: 'A photo (file reference), with an optional caption.' },
    DOCUMENT: { description: 'A document (file reference), with an optional caption.' },
    VOICE: { description: 'A voice message (file reference).' },
  },
});

export const MESSAGE_TEXT_MAX = 4096;

/**
 * The largest file Telegram lets a person send, by message kind, in bytes: a photo at most 10 MiB (the Bot
 * API's photo limit; larger pictures go as documents), any other file 2000 MiB (Telegram's limit without
 * Premium; Premium files up to 4000 MiB do not fit a GraphQL Int, so the bot leaves their size out).
 */
export const MESSAGE_FILE_SIZE_MAX: Record<Exclude<MessageKind, MessageKind.TEXT>, number> = {
  [MessageKind.PHOTO]: 10 * 1024 * 1024,
  [MessageKind.DOCUMENT]: 2000 * 1024 * 1024,
  [MessageKind.VOICE]: 2000 * 1024 * 1024,
};

/** A MIME type as Telegram reports it: `type/subtype` in RFC 6838 characters, no parameters. */
export const MIME_TYPE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$/;

/** A message of an order's conversation; the sender resolves through loaders. */
@ObjectType('OrderMessage', {
  description: 'A message in an order’s conversation between the client members and the holding contractor (R-ORD-9).',
})
@VisibleWithParent()
export class OrderMessageView {
  @Field(() => ID, { description: 'Message id.' })
  id: string;

  @Field(() => ID, { description: 'The order it belongs to.' })
  orderId: string;

  @Field(() => MessageKind, { description: 'Text, photo, document or voice.' })
  kind: MessageKind;

  @Field(() => String, { nullable: true, description: 'The text, or the caption of a file.' })
  text: string | null;

  @Field(() => String, { nullable: true, description: 'File reference (a Telegram file id) for non-text messages.' })
  fileId: string | null;

  @Field(() => String, { nullable: true, description: 'Telegram’s stable unique id of the file, if known.' })
  fileUniqueId: string | null;

  @Field(() => String, { nullable: true, description: 'Original file name, if known.' })
  fileName: string | null;

  @Field(() => String, { nullable: true, description: 'MIME type, if known.' })
  mimeType: string | null;

  @Field(() => Int, { nullable: true, description: 'Size in bytes, if known.' })
  fileSize: number | null;

  @Field(() => DateTimeISO, { description: 'When it was sent.' })
  createdAt: Date;

  /** Resolved through loaders. */
  senderId: string;
}

/** Wraps an entity as the GraphQL OrderMessage type. */
export const toOrderMessageView = (e: OrderMessageEntity): OrderMessageView => Object.assign(new OrderMessageView(), e);

@InputType({
  description:
    'A message to add to an order’s conversation: text, or a file reference with a caption. A TEXT message carries no file fields (fileId, fileUniqueId, fileName, mimeType, fileSize): giving one is BAD_USER_INPUT naming it.',
})
export class OrderMessageInput {
  @Field(() => MessageKind, { description: 'What the message carries.' })
  kind: MessageKind;

  @Field(() => String, {
    nullable: true,
    description: `TEXT: required, 1..${MESSAGE_TEXT_MAX} characters; files: an optional caption.`,
  })
  @MaxLength(MESSAGE_TEXT_MAX)
  text?: string;

  @Field(() => String, {
    nullable: true,
    description: 'PHOTO/DOCUMENT/VOICE: required file reference (≤ 255); not for TEXT.',
  })
  @MaxLength(255)
  fileId?: string;

  @Field(() => String, { nullable: true, description: 'Files only: Telegram’s unique file id (≤ 255).' })
  @MaxLength(255)
  fileUniqueId?: string;

  @Field(() => String, { nullable: true, description: 'Files only: the original file name (≤ 255).' })
  @MaxLength(255)
  fileName?: string;

  @Field(() => String, {
    nullable: true,
    description: 'Files only: the MIME type as `type/subtype` (e.g. "application/pdf", ≤ 100).',
  })
  @MaxLength(100)
  mimeType?: string;

  @Field(() => Int, {
    nullable: true,
    description: `Files only: the size in bytes, within what Telegram lets a person send: PHOTO 1..${MESSAGE_FILE_SIZE_MAX.PHOTO}, DOCUMENT and VOICE 1..${MESSAGE_FILE_SIZE_MAX.DOCUMENT}; otherwise BAD_USER_INPUT with extensions field, min and max. Leave it out when unknown.`,
  })
  // Checked in sendOrderMessage: the limit depends on the kind, and the refusal names it (min, max).
  fileSize?: number;
}
