import { ArrayMaxSize, IsOptional } from 'class-validator';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { VisibleWithParent } from '../../common/auth/access.js';
import { SameForEveryone } from '../../common/graphql/same-for-everyone.js';
import { OrderEventKind } from './order.entity.js';
import { OrderEventView } from './order.types.js';

/** At most this many kinds in a filter (there are fewer kinds than that). */
export const MAX_FILTER_KINDS = 20;

@InputType('OrderEventFilter', { description: 'Narrows the order event stream; every condition given must hold.' })
export class OrderEventFilter {
  @Field(() => ID, { nullable: true, description: 'Only events of this order (it must be visible to the caller).' })
  @IsOptional()
  orderId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only events of orders of this client account.' })
  @IsOptional()
  accountId?: string | null;

  @Field(() => [OrderEventKind], {
    nullable: true,
    description: `Only events of these kinds (at most ${MAX_FILTER_KINDS}); all kinds when absent.`,
  })
  @IsOptional()
  @ArrayMaxSize(MAX_FILTER_KINDS)
  kinds?: OrderEventKind[] | null;
}

@ObjectType('OrderEventItem', {
  description:
    'One entry of the order event stream: an order’s history entry, and the cursor to resume right after it.',
})
@VisibleWithParent()
export class OrderEventItem {
  @SameForEveryone()
  @Field({ description: 'Pass as `after` to resume right after this item (the history entry id).' })
  cursor: string;

  @SameForEveryone()
  @Field(() => ID, { description: 'The order the entry belongs to.' })
  orderId: string;

  @SameForEveryone()
  @Field(() => OrderEventView, { description: 'What happened: who, when, from which status to which, why.' })
  event: OrderEventView;
}
