import { fireEvent, render, screen, within } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CannedApi } from '../../../test/support/canned-client';
import { signedInAs, signedOut } from '../../../test/support/signed-in';
import UsersPage from './users.page';

const person = (id: string, displayName: string, role: string, username: string) => ({
  __typename: 'User',
  id,
  displayName,
  firstName: displayName,
  lastName: null,
  email: null,
  emailNotifications: false,
  maxActiveOrders: null,
  username,
  telegramId: null,
  role,
  active: true,
  deactivatedAt: null,
  account: null,
});

beforeEach(() => signedInAs('OWNER'));
afterEach(signedOut);

function renderPage(updateUser: unknown, deactivateUser: unknown = null) {
  render(() => (
    <CannedApi
      answers={{
        Users: {
          users: {
            __typename: 'UserConnection',
            totalCount: 2,
            pageInfo: { hasNextPage: false, endCursor: null },
            // signedInAs('OWNER') is the user owner-1.
            nodes: [person('owner-1', 'Olga', 'OWNER', 'olga_owner'), person('u-2', 'Ivan', 'MANAGER', 'ivan_m')],
          },
        },
        AccountChoices: { accounts: { nodes: [] } },
        UpdateUserRole: { updateUser },
        DeactivateUser: { deactivateUser },
      }}
    >
      <UsersPage />
    </CannedApi>
  ));
}

describe('users page', () => {
  it('R-USR-3 does not offer an owner to deactivate themselves (the server always refuses it)', async () => {
    renderPage(null);
    const own = (await screen.findByText('@olga_owner')).closest('tr')!;
    const other = screen.getByText('@ivan_m').closest('tr')!;
    expect(within(other).queryByRole('button', { name: 'Деактивировать' })).not.toBeNull();
    expect(within(own).queryByRole('button', { name: 'Деактивировать' })).toBeNull();
  });

  it('R-USR-2 demoting the last owner is refused in the panel’s language', async () => {
    renderPage({
      __typename: 'OwnerRequired',
      message: 'Make another user an owner first: this is the last active owner',
    });
    await screen.findByText('@olga_owner');
    fireEvent.change(screen.getByLabelText('Роль: Olga'), { target: { value: 'MANAGER' } });
    await screen.findByText('Это последний активный владелец: сначала сделайте владельцем другого пользователя.');
  });

  it('R-USR-3 a refusal to deactivate oneself (asked from another tab) says so, not "already deactivated"', async () => {
    renderPage(null, { __typename: 'CannotDeactivateSelf', message: 'You cannot deactivate yourself' });
    const other = (await screen.findByText('@ivan_m')).closest('tr')!;
    fireEvent.click(within(other).getByRole('button', { name: 'Деактивировать' }));
    await screen.findByText('Нельзя деактивировать самого себя.');
    expect(screen.queryByText('Пользователь уже деактивирован.')).toBeNull();
  });
});
