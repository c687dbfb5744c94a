import { render, screen } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import { CannedApi } from '../../../test/support/canned-client';
import type { OrderDetailQuery } from '../../generated/graphql';
import { OrderActions } from './order-actions';

const order = {
  id: 'ord-1',
  number: '2026-000001',
  status: 'NEW',
  archivedAt: null,
} as unknown as OrderDetailQuery['order'];

describe('order actions', () => {
  it('R-ORD-3 R-ORD-8 the estimate of an assignment is a whole number of hours within MAX_ESTIMATE_HOURS', async () => {
    render(() => (
      <CannedApi
        answers={{
          AssignableContractors: {
            users: { nodes: [{ id: 'u-1', displayName: 'Ivan Fixer', maxActiveOrders: null }] },
            settings: [
              { key: 'MAX_ESTIMATE_HOURS', value: '36' },
              { key: 'TIMEZONE', value: 'Europe/Moscow' },
            ],
          },
        }}
      >
        <OrderActions order={order} onChanged={() => undefined} />
      </CannedApi>
    ));
    await screen.findByRole('option', { name: 'Ivan Fixer' });
    const estimate = screen.getByLabelText('Оценка, ч') as HTMLInputElement;
    // The browser refuses 48 h itself, in the user's language, instead of sending it for the server's English refusal.
    expect(estimate.max).toBe('36');
    expect(estimate.min).toBe('1');
  });
});
