import { registerEnumType } from 'type-graphql';

/** What an API key may do: read or write per area of the domain. */
export enum ApiScope {
  ORDERS_READ = 'orders:read',
  ORDERS_WRITE = 'orders:write',
  ACCOUNTS_READ = 'accounts:read',
  ACCOUNTS_WRITE = 'accounts:write',
  USERS_READ = 'users:read',
  USERS_WRITE = 'users:write',
  TARIFFS_READ = 'tariffs:read',
  TARIFFS_WRITE = 'tariffs:write',
  SETTINGS_READ = 'settings:read',
  SETTINGS_WRITE = 'settings:write',
  BILLING_READ = 'billing:read',
  BILLING_WRITE = 'billing:write',
}

registerEnumType(ApiScope, {
  name: 'ApiScope',
  description: 'A permission of an API key: read or write access to one area of the domain.',
  valuesConfig: {
    ORDERS_READ: { description: 'Read orders, their history and conversation (never credentials).' },
    ORDERS_WRITE: { description: 'Create, assign, unassign, cancel, archive and restore orders.' },
    ACCOUNTS_READ: { description: 'Read client accounts, branches and pinned contractors.' },
    ACCOUNTS_WRITE: { description: 'Create and change client accounts and branches.' },
    USERS_READ: { description: 'Read users of every role.' },
    USERS_WRITE: { description: 'Add, change, deactivate and reactivate users.' },
    TARIFFS_READ: { description: 'Read tariffs and their price history.' },
    TARIFFS_WRITE: { description: 'Create and change tariffs and prices.' },
    SETTINGS_READ: { description: 'Read system settings.' },
    SETTINGS_WRITE: { description: 'Change system settings.' },
    BILLING_READ: { description: 'Read invoices.' },
    BILLING_WRITE: { description: 'Mark invoices paid.' },
  },
});
