import { describe, expect, it } from 'vitest';
import { displayName, normalizeUsername } from '../user.rules.js';

describe('R-USR-1 usernames', () => {
  it('R-USR-1 accepts 5–32 latin letters, digits and underscores, with or without @', () => {
    expect(normalizeUsername('@Ivan_Petrov')).toBe('Ivan_Petrov');
    expect(normalizeUsername(' abcde ')).toBe('abcde');
    expect(normalizeUsername('a'.repeat(32))).toBe('a'.repeat(32));
  });

  it('R-USR-1 refuses short, long and non-latin names', () => {
    expect(normalizeUsername('abcd')).toBeUndefined();
    expect(normalizeUsername('a'.repeat(33))).toBeUndefined();
    expect(normalizeUsername('Иван_Петров')).toBeUndefined();
    expect(normalizeUsername('ivan-petrov')).toBeUndefined();
  });

  it('R-USR-4 shows a name without relying on the username', () => {
    expect(displayName({ firstName: 'Ivan', lastName: null, username: 'ivan_p', telegramId: '1' })).toBe('Ivan');
    expect(displayName({ firstName: null, lastName: null, username: 'ivan_p', telegramId: '1' })).toBe('@ivan_p');
  });
});
