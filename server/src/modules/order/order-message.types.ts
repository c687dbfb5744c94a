import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IsInt, Max, MaxLength, Min } from 'class-validator';
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

@InputType({ description: 'A message to add to an order’s conversation: text, or a file reference with a caption.' })
export class OrderMessageInput {
  @Field(() => MessageKind, { description: 'What the message carries.' })
  kind: MessageKind;

  @Field(() => String, {
    nullable: true,
    description: `TEXT: required, 1..${MESSAGE_TEXT_MAX} characters; files: an optional caption.`,
  })
  @MaxLength(MESSAGE_TEXT_MAX)
  text?: string;

  @Field(() => String, { nullable: true, description: 'PHOTO/DOCUMENT/VOICE: required file reference (≤ 255).' })
  @MaxLength(255)
  fileId?: string;

  @Field(() => String, { nullable: true, description: 'Telegram’s unique file id (≤ 255).' })
  @MaxLength(255)
  fileUniqueId?: string;

  @Field(() => String, { nullable: true, description: 'Original file name (≤ 255).' })
  @MaxLength(255)
  fileName?: string;

  @Field(() => String, { nullable: true, description: 'MIME type (≤ 100).' })
  @MaxLength(100)
  mimeType?: string;

  @Field(() => Int, { nullable: true, description: 'File size in bytes (0..2147483647).' })
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  fileSize?: number;
}
