import type { UpdateUserInput } from '../../generated/graphql';
import { changedFields } from '../../components/changed-fields';

/** A user's editable details as the API gives them. */
export interface UserDetails {
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  emailNotifications: boolean;
  maxActiveOrders?: number | null;
}

/** The user edit form's values; `maxActiveOrders` '' means the common limit. */
export interface UserEdit {
  firstName: string;
  lastName: string;
  email: string;
  emailNotifications: boolean;
  maxActiveOrders: string;
}

/** A user as the edit form starts from them. */
export const userEditOf = (u: UserDetails): UserEdit => ({
  firstName: u.firstName ?? '',
  lastName: u.lastName ?? '',
  email: u.email ?? '',
  emailNotifications: u.emailNotifications,
  maxActiveOrders: u.maxActiveOrders == null ? '' : String(u.maxActiveOrders),
});

/**
 * The updateUser input for an edit: only what changed. An emptied capacity goes out as 0, which the API reads
 * as "back to MAX_ACTIVE_ORDERS_PER_CONTRACTOR" (null would mean "leave it").
 */
export function userChanges(original: UserEdit, edited: UserEdit): UpdateUserInput {
  const { maxActiveOrders, ...rest } = changedFields(original, edited);
  const input: UpdateUserInput = { ...rest };
  if (maxActiveOrders !== undefined) input.maxActiveOrders = maxActiveOrders ? Number(maxActiveOrders) : 0;
  return input;
}
