/** Password sign-in throttling: at most this many failures per username inside the window. */
export const MAX_FAILED_ATTEMPTS = 5;
export const ATTEMPT_WINDOW_MS = 15 * 60_000;

/**
 * Seconds until the next attempt is allowed, or 0 when it is allowed now.
 * `failures` are the failed attempts since the last success (any order). The attempt is refused
 * while MAX_FAILED_ATTEMPTS of them lie inside the window; it opens again when the oldest of the
 * most recent MAX_FAILED_ATTEMPTS leaves the window.
 */
export function retryAfterSeconds(failures: readonly Date[], now: Date): number {
  const recent = failures
    .map((d) => d.getTime())
    .filter((t) => t > now.getTime() - ATTEMPT_WINDOW_MS)
    .sort((a, b) => b - a);
  if (recent.length < MAX_FAILED_ATTEMPTS) return 0;
  const opensAt = recent[MAX_FAILED_ATTEMPTS - 1]! + ATTEMPT_WINDOW_MS;
  return Math.max(1, Math.ceil((opensAt - now.getTime()) / 1000));
}
