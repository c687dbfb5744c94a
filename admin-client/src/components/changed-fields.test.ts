import { describe, expect, it } from 'vitest';
import { changedFields, isUnchanged } from './changed-fields';

describe('edit forms send only what changed', () => {
  it('compares text trimmed and treats a missing original as empty', () => {
    expect(
      changedFields(
        { name: 'Romashka', contactEmail: null, timeZone: 'Europe/Moscow' },
        { name: ' Romashka ', contactEmail: 'billing@romashka.ru ', timeZone: 'Europe/Moscow' },
      ),
    ).toEqual({ contactEmail: 'billing@romashka.ru' });
  });

  it('sends an emptied field as an empty string, which the API reads as "remove it"', () => {
    expect(changedFields({ timeZone: 'Asia/Omsk' }, { timeZone: '  ' })).toEqual({ timeZone: '' });
  });

  it('compares switches as booleans (a missing original is off)', () => {
    expect(changedFields({ emailNotifications: undefined }, { emailNotifications: false })).toEqual({});
    expect(changedFields({ emailNotifications: false }, { emailNotifications: true })).toEqual({
      emailNotifications: true,
    });
  });

  it('knows when there is nothing to send', () => {
    expect(isUnchanged(changedFields({ name: 'A' }, { name: 'A' }))).toBe(true);
    expect(isUnchanged({ name: 'B' })).toBe(false);
  });
});
