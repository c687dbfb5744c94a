import { describe, expect, it } from 'vitest';
import { copyOrder } from '../table-order.js';

describe('copy order of tables', () => {
  it('puts referenced tables first and ignores self-references', () => {
    const order = copyOrder(
      ['service_order', 'app_user', 'branch', 'client_account', 'tariff'],
      [
        { child: 'service_order', parent: 'app_user' },
        { child: 'service_order', parent: 'client_account' },
        { child: 'app_user', parent: 'branch' },
        { child: 'branch', parent: 'client_account' },
        { child: 'branch', parent: 'branch' },
        { child: 'client_account', parent: 'tariff' },
      ],
    );
    expect(order).toEqual(['tariff', 'client_account', 'branch', 'app_user', 'service_order']);
  });

  it('keeps every table even in a cycle', () => {
    const order = copyOrder(
      ['a', 'b', 'c'],
      [
        { child: 'a', parent: 'b' },
        { child: 'b', parent: 'a' },
      ],
    );
    expect(order).toEqual(['c', 'a', 'b']);
  });
});
