import { invalidInput } from '../errors.js';

/**
 * A stream cursor is the id of the last row received (a decimal string, e.g. "1234"): stable, comparable,
 * and the same number the rows carry. "0" (or no cursor, where the stream allows it) means "from the start".
 */
export function parseStreamCursor(after: string | null | undefined, fallback: string): string {
  if (after === undefined || after === null || after === '') return fallback;
  if (!/^\d{1,19}$/.test(after) || BigInt(after) > 9_223_372_036_854_775_807n) {
    throw invalidInput('after', 'is not a cursor of this stream: pass the `cursor` of the last item received');
  }
  return BigInt(after).toString();
}
