import { createMemoryHistory, MemoryRouter, Route } from '@solidjs/router';
import { fireEvent, render, screen, waitFor } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import { CannedApi, type CannedRequest } from '../../../test/support/canned-client';
import AuditLogPage from './audit-log.page';

const entry = {
  __typename: 'AuditEntry',
  id: '1',
  action: 'account.tariffChanged',
  entity: 'client_account',
  entityId: 'acc-1',
  createdAt: '2026-03-01T10:00:00.000Z',
  apiKeyId: null,
  data: { tariffId: 't-2' },
  actor: { __typename: 'User', id: 'owner-1', displayName: 'Olga' },
};

/** The audit log page at `path`, its API answering with `entry`; the requests it made and its address bar. */
function renderAuditLog(path: string) {
  const requests: CannedRequest[] = [];
  const history = createMemoryHistory();
  history.set({ value: path, replace: true, scroll: false });
  render(() => (
    <CannedApi
      requests={requests}
      answers={{
        AuditLog: {
          auditLog: {
            __typename: 'AuditEntryConnection',
            totalCount: 1,
            pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null },
            nodes: [entry],
          },
        },
      }}
    >
      <MemoryRouter history={history}>
        <Route path="/audit-log" component={AuditLogPage} />
      </MemoryRouter>
    </CannedApi>
  ));
  return { requests, history };
}

describe('audit log page', () => {
  it('§10 admin panel: names the kind of thing changed and filters by it by name, not by its table name', async () => {
    const { requests, history } = renderAuditLog('/audit-log');
    const cell = await screen.findByText('Клиент acc-1');
    expect(cell.getAttribute('data-entity')).toBe('client_account');

    const filter = screen.getByLabelText('Объект') as HTMLSelectElement;
    const setting = [...filter.options].find((o) => o.text === 'Настройка');
    expect(setting?.value).toBe('setting');
    fireEvent.change(filter, { target: { value: 'setting' } });
    await waitFor(() => expect(history.get()).toBe('/audit-log?entity=setting'));
    await waitFor(() =>
      expect(requests.at(-1)?.variables).toEqual({ filter: { entity: 'setting', action: null }, after: null }),
    );
  });

  it('§10 admin panel: an old link’s entity the panel has no name for is shown chosen, as it is, and can be cleared', async () => {
    const { requests, history } = renderAuditLog('/audit-log?entity=legacy_widget');
    await screen.findByText('Клиент acc-1');
    expect(requests.at(-1)?.variables).toEqual({ filter: { entity: 'legacy_widget', action: null }, after: null });

    const filter = screen.getByLabelText('Объект') as HTMLSelectElement;
    expect(filter.value).toBe('legacy_widget');
    expect(filter.selectedOptions[0]?.text).toBe('legacy_widget');

    fireEvent.change(filter, { target: { value: '' } });
    await waitFor(() => expect(history.get()).toBe('/audit-log'));
    await waitFor(() =>
      expect(requests.at(-1)?.variables).toEqual({ filter: { entity: null, action: null }, after: null }),
    );
    expect([...filter.options].some((o) => o.value === 'legacy_widget')).toBe(false);
  });
});
