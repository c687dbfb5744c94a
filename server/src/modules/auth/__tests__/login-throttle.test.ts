import { describe, expect, it } from 'vitest';
import { ATTEMPT_WINDOW_MS, MAX_FAILED_ATTEMPTS, retryAfterSeconds } from '../login-throttle.js';

const now = new Date('2025-06-01T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);

describe('password sign-in throttling', () => {
  it('allows attempts while fewer than the maximum failures lie in the window', () => {
    const failures = Array.from({ length: MAX_FAILED_ATTEMPTS - 1 }, (_, i) => ago(i * 1000));
    expect(retryAfterSeconds(failures, now)).toBe(0);
  });

  it('refuses at the maximum and says when the oldest counted failure leaves the window', () => {
    const failures = Array.from({ length: MAX_FAILED_ATTEMPTS }, (_, i) => ago(i * 60_000));
    // The oldest of the five is 4 minutes old: the window opens in 11 minutes.
    expect(retryAfterSeconds(failures, now)).toBe(11 * 60);
  });

  it('ignores failures older than the window', () => {
    const failures = Array.from({ length: 10 }, () => ago(ATTEMPT_WINDOW_MS + 1));
    expect(retryAfterSeconds(failures, now)).toBe(0);
  });

  it('counts only the most recent failures for the retry time', () => {
    const failures = [...Array.from({ length: 5 }, () => ago(60_000)), ...Array.from({ length: 5 }, () => ago(1000))];
    expect(retryAfterSeconds(failures, now)).toBe(Math.ceil((ATTEMPT_WINDOW_MS - 1000) / 1000));
  });
});
