import { GraphQLJSONObject } from 'graphql-scalars';
import { ArgsType, Field, ID, InputType, ObjectType } from 'type-graphql';
import { VisibleWithParent } from '../../common/auth/access.js';
import { Connection, PageArgs } from '../../common/graphql/connection.js';
import { DateTimeISO } from '../../common/graphql/scalars.js';

@ObjectType({ description: 'One administrative change, as recorded (append-only).' })
@VisibleWithParent()
export class AuditEntry {
  @Field(() => ID, { description: 'Entry id; higher ids were recorded later.' })
  id: string;

  @Field({ description: 'What was done, e.g. setting.updated, invoice.paid, user.deactivated.' })
  action: string;

  @Field({ description: 'The kind of thing changed, e.g. setting, invoice, user.' })
  entity: string;

  @Field(() => String, { nullable: true, description: 'The id or key of the thing changed.' })
  entityId: string | null;

  @Field(() => GraphQLJSONObject, { description: 'Details of the change (e.g. the value before and after).' })
  data: Record<string, unknown>;

  @Field(() => DateTimeISO, { description: 'When it was done.' })
  createdAt: Date;

  @Field(() => ID, { nullable: true, description: 'The API key that did it, when an integration did.' })
  apiKeyId: string | null;

  actorId: string | null;
}

@ObjectType({ description: 'A page of audit entries.' })
export class AuditEntryConnection extends Connection(AuditEntry, 'AuditEntryPage', 'audit entries') {}

@InputType({ description: 'Which audit entries to list.' })
export class AuditLogFilter {
  @Field(() => String, { nullable: true, description: 'Only changes of this kind of thing, e.g. setting.' })
  entity?: string;

  @Field(() => String, { nullable: true, description: 'Only this action, e.g. invoice.paid.' })
  action?: string;

  @Field(() => ID, { nullable: true, description: 'Only changes made by this user.' })
  actorId?: string;
}

@ArgsType()
export class AuditLogArgs extends PageArgs {
  @Field(() => AuditLogFilter, { nullable: true, description: 'Filter; every entry when absent.' })
  filter?: AuditLogFilter;
}
