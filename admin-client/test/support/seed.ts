import type { RunningServer, TelegramPerson } from './server-process';

/** A client account with one CLIENT member and one contractor, seeded through the API as the owner. */
export interface Seeded {
  accountId: string;
  client: TelegramPerson;
  contractor: TelegramPerson & { userId: string; displayName: string };
  categoryId: string;
}

let nextId = 7200000000;

export async function seedAccountWithPeople(
  s: RunningServer,
  name: string,
  opts: { reactionTimeMinutes?: number } = {},
): Promise<Seeded> {
  const tariff = await s.gql(
    `mutation($input: CreateTariffInput!) { createTariff(input: $input) { __typename ... on Tariff { id } } }`,
    {
      input: {
        name: `${name} tariff`,
        ordersPerPeriod: null,
        reactionTimeMinutes: opts.reactionTimeMinutes ?? 60,
        price: '1000',
        canPinContractors: false,
        canSeeContractorContacts: true,
      },
    },
  );
  const account = await s.gql(
    `mutation($input: CreateAccountInput!) { createAccount(input: $input) { __typename ... on ClientAccount { id } } }`,
    { input: { name, tariffId: tariff.createTariff.id } },
  );
  const accountId = account.createAccount.id as string;
  const client = { id: String(nextId++), username: `client_${nextId}` };
  const contractor = { id: String(nextId++), username: `worker_${nextId}` };
  const addUser = `mutation($input: AddUserInput!) { addUser(input: $input) { __typename ... on User { id displayName } } }`;
  await s.gql(addUser, {
    input: { role: 'CLIENT', username: client.username, telegramId: client.id, accountId, firstName: 'Client' },
  });
  const worker = await s.gql(addUser, {
    input: {
      role: 'CONTRACTOR',
      username: contractor.username,
      telegramId: contractor.id,
      firstName: 'Ivan',
      lastName: 'Fixer',
    },
  });
  const categories = await s.gql(`{ categories { id code } }`);
  const categoryId =
    categories.categories.find((c: { code: string }) => c.code === 'IT_HELP')?.id ?? categories.categories[0].id;
  return {
    accountId,
    client,
    contractor: { ...contractor, userId: worker.addUser.id, displayName: worker.addUser.displayName },
    categoryId,
  };
}

/** A client creates an order through the API (as the bot would); returns its id and number. */
export async function createOrder(
  s: RunningServer,
  seeded: Seeded,
  description: string,
): Promise<{ id: string; number: string }> {
  const data = await s.gql(
    `mutation($input: CreateOrderInput!) { createOrder(input: $input) { __typename ... on Order { id number } } }`,
    { input: { categoryId: seeded.categoryId, description } },
    seeded.client,
  );
  if (data.createOrder.__typename !== 'Order') throw new Error(`order refused: ${data.createOrder.__typename}`);
  return data.createOrder;
}

/** A one-time sign-in link for the owner, as the bot's /admin command gets it. */
export async function loginLink(s: RunningServer): Promise<string> {
  const data = await s.gql(`mutation { createLoginLink { url } }`);
  return data.createLoginLink.url;
}
