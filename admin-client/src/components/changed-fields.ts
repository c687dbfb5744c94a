/** What a field of an edit form holds: text (trimmed before comparing) or a switch. */
type FieldValue = string | boolean;

/**
 * The fields whose value differs from what the server holds (text compared trimmed; a missing original counts
 * as empty). An update sends only these, so a field nobody touched is never written back with a stale value,
 * and an emptied text field goes out as '' (which the API reads as "remove it").
 */
export function changedFields<T extends { [K in keyof T]: FieldValue }>(
  original: { readonly [K in keyof T]?: FieldValue | null },
  edited: T,
): Partial<T> {
  const changes: Partial<T> = {};
  for (const key of Object.keys(edited) as Array<keyof T>) {
    const now: FieldValue = edited[key];
    const before = original[key];
    if (typeof now === 'boolean') {
      if (now !== Boolean(before)) changes[key] = now as T[keyof T];
    } else if (now.trim() !== String(before ?? '').trim()) {
      changes[key] = now.trim() as T[keyof T];
    }
  }
  return changes;
}

/** True when an update has nothing to send. */
export const isUnchanged = (changes: object): boolean => Object.keys(changes).length === 0;
