/** Pure rules about users (R-USR-1). */

/**
 * The most categories one contractor's list may name (R-ORD-3): far more than a helpdesk has, so a longer list
 * is a client bug (or an attack), refused instead of de-duplicated item by item.
 */
export const MAX_CONTRACTOR_CATEGORIES = 100;

export const USERNAME_PATTERN = /^[A-Za-z0-9_]{5,32}$/;

/** Strips a leading @ and surrounding spaces; returns undefined when the result is not a valid username. */
export function normalizeUsername(input: string): string | undefined {
  const name = input.trim().replace(/^@/, '');
  return USERNAME_PATTERN.test(name) ? name : undefined;
}

/** The name to show for a user: first + last name, else @username, else the Telegram id. */
export function displayName(u: {
  firstName: string | null;
  lastName: string | null;
  username: string | null;
  telegramId: string | null;
}): string {
  const full = [u.firstName, u.lastName].filter(Boolean).join(' ').trim();
  if (full) return full;
  if (u.username) return `@${u.username}`;
  return u.telegramId ? `tg:${u.telegramId}` : 'unknown';
}
