import { describe, expect, it } from 'vitest';
import { userChanges, userEditOf } from './user-changes';

const contractor = userEditOf({
  firstName: 'Ivan',
  lastName: null,
  email: 'ivan@example.com',
  emailNotifications: true,
  maxActiveOrders: 5,
});

describe('editing a user sends only what changed', () => {
  it('names and e-mail: changed text trimmed, an emptied address as "remove"', () => {
    expect(userChanges(contractor, { ...contractor, lastName: ' Fixer ', email: '' })).toEqual({
      lastName: 'Fixer',
      email: '',
    });
    expect(userChanges(contractor, { ...contractor })).toEqual({});
  });

  it('§6 e-mail notifications switch off and on', () => {
    expect(userChanges(contractor, { ...contractor, emailNotifications: false })).toEqual({
      emailNotifications: false,
    });
  });

  it('R-ORD-3 capacity: a number, or 0 to fall back to the common limit when emptied', () => {
    expect(userChanges(contractor, { ...contractor, maxActiveOrders: '8' })).toEqual({ maxActiveOrders: 8 });
    expect(userChanges(contractor, { ...contractor, maxActiveOrders: '' })).toEqual({ maxActiveOrders: 0 });
    const common = userEditOf({ emailNotifications: false, maxActiveOrders: null });
    expect(common.maxActiveOrders).toBe('');
    expect(userChanges(common, { ...common, firstName: 'Olga' })).toEqual({ firstName: 'Olga' });
  });
});
