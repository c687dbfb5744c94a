import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { VisibleWithParent } from '../../common/auth/access.js';
import { UserView } from './user.types.js';

@ObjectType({ description: 'A contractor with the orders in work now and room for more (R-ORD-3).' })
@VisibleWithParent()
export class ContractorLoad {
  @Field(() => UserView, { description: 'The contractor (username and Telegram id give a contact link).' })
  contractor: UserView;

  @Field(() => Int, { description: 'Orders the contractor holds IN_PROGRESS now.' })
  activeOrders: number;

  @Field(() => Int, { description: 'Orders allowed at once: own limit, else MAX_ACTIVE_ORDERS_PER_CONTRACTOR.' })
  capacity: number;

  @Field({ description: 'Active and below capacity: may take or be assigned another order now.' })
  free: boolean;
}

@InputType({ description: 'Which contractors to list.' })
export class ContractorLoadFilter {
  @Field(() => Boolean, {
    nullable: true,
    description: 'true: only free ones (active, below capacity); false: only the others.',
  })
  free?: boolean;

  @Field(() => ID, {
    nullable: true,
    description: 'Only contractors serving this category (none set means all, R-ORD-3).',
  })
  categoryId?: string;

  @Field(() => Boolean, { nullable: true, description: 'Only active (default) or only deactivated contractors.' })
  active?: boolean;
}
