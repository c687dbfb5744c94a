import { Composer } from 'grammy';
import { callbacks } from '../bot/callback-data.js';
import type { BotContext } from '../bot/context.js';
import { isCommand, onButton, type SignedInContext } from '../bot/handlers.js';
import { answerStale, showMenu } from '../bot/menu.js';
import { PAGE_SIZE, definePagedList, pageRange, pageShown } from '../bot/pager.js';
import { defineScreen } from '../bot/screens.js';
import {
  AccountListDocument,
  AccountTariffChoiceDocument,
  AddUserDocument,
  ChangeAccountTariffDocument,
  DeactivateUserDocument,
  ReactivateUserDocument,
  UserCardDocument,
  UserListDocument,
  type AddUserInput,
  type AddUserMutation,
} from '../generated/graphql.js';
import { escapeHtml } from '../i18n/i18n.js';
import { backKeyboard } from '../keyboards/menu.keyboards.js';
import { cancelFlowKeyboard } from '../keyboards/order.keyboards.js';
import {
  ROLES,
  accountTariffKeyboard,
  accountsKeyboard,
  userCardKeyboard,
  usersKeyboard,
} from '../keyboards/owner.keyboards.js';

const OWNER = ['OWNER'] as const;

/** OWNER: users of every role (add, deactivate, reactivate) and a client's tariff. */
export const ownerFeature = new Composer<BotContext>();

const loadUsers = definePagedList('users', OWNER, async (ctx, page, after) => {
  const { users } = await ctx.gql.request(UserListDocument, { first: PAGE_SIZE, ...(after ? { after } : {}) });
  const paging = pageShown(ctx, 'users', page, users.pageInfo);
  const range = pageRange(ctx, page, users.nodes.length, users.totalCount);
  const title = ctx.t('users-title', { count: users.totalCount });
  await showMenu(ctx, range ? `${title} · ${range}` : title, usersKeyboard(ctx.t, users.nodes, paging));
});
const users = (ctx: SignedInContext) => loadUsers(ctx, 0, undefined);
defineScreen('users', users);
ownerFeature.command('users', async (ctx, next) => {
  if (ctx.viewer?.role !== 'OWNER') return next();
  await users(ctx as SignedInContext);
});

onButton(ownerFeature, callbacks.userCard, { menu: true, roles: OWNER }, async (ctx, { userId }) => {
  const { user } = await ctx.gql.request(UserCardDocument, { id: userId });
  const text = ctx.t('user-card', {
    name: escapeHtml(user.displayName),
    role: ctx.t(`role-${user.role.toLowerCase()}`),
    username: user.username ? `@${user.username}` : '—',
    telegramId: user.telegramId ?? '—',
    account: escapeHtml(user.account?.name ?? '—'),
    state: ctx.t(user.active ? 'user-active' : 'user-inactive'),
  });
  await showMenu(ctx, text, userCardKeyboard(ctx.t, user));
});

onButton(ownerFeature, callbacks.setUserActive, { menu: true, roles: OWNER }, async (ctx, { userId, active }) => {
  let text: string;
  if (active) {
    const { reactivateUser: r } = await ctx.gql.request(ReactivateUserDocument, { id: userId });
    switch (r.__typename) {
      case 'User':
        text = ctx.t('user-reactivated', { name: escapeHtml(r.displayName) });
        break;
      case 'UserStateUnchanged':
        text = ctx.t('user-unchanged');
        break;
      default: {
        const unhandled: never = r;
        throw new Error(`unhandled reactivateUser result ${JSON.stringify(unhandled)}`);
      }
    }
  } else {
    const { deactivateUser: r } = await ctx.gql.request(DeactivateUserDocument, { id: userId });
    switch (r.__typename) {
      case 'UserDeactivated':
        text = ctx.t('user-deactivated', { name: escapeHtml(r.user.displayName), released: r.releasedOrders });
        break;
      case 'UserStateUnchanged':
        text = ctx.t('user-unchanged');
        break;
      case 'OwnerRequired':
        text = ctx.t('user-owner-required');
        break;
      case 'CannotDeactivateSelf':
        text = ctx.t('user-cannot-deactivate-self');
        break;
      default: {
        const unhandled: never = r;
        throw new Error(`unhandled deactivateUser result ${JSON.stringify(unhandled)}`);
      }
    }
  }
  await showMenu(ctx, text, backKeyboard(ctx.t));
});

// Add a user: role → @username or Telegram id (and a first name) → for a client, the account.
onButton(ownerFeature, callbacks.addUserRole, { menu: true, roles: OWNER }, async (ctx, { role }) => {
  const known = ROLES.find((r) => r === role);
  if (!known) return answerStale(ctx);
  ctx.session.flow = { kind: 'addUser', role: known, step: 'who' };
  await showMenu(ctx, ctx.t('add-user-who', { role: ctx.t(`role-${role.toLowerCase()}`) }), cancelFlowKeyboard(ctx.t));
});

ownerFeature.on('message:text', async (ctx, next) => {
  if (isCommand(ctx)) return next();
  const flow = ctx.session.flow;
  if (flow?.kind !== 'addUser' || flow.step !== 'who' || ctx.viewer?.role !== 'OWNER') return next();
  if (!parseWho(ctx.message.text)) return void (await ctx.reply(ctx.t('add-user-who-format')));
  flow.who = ctx.message.text.trim();
  if (flow.role !== 'CLIENT') return addUser(ctx, { role: flow.role, ...parseWho(flow.who)! });
  flow.step = 'account';
  await newClientAccounts(ctx as SignedInContext, 0, undefined);
});

onButton(ownerFeature, callbacks.addUserAccount, { menu: true, roles: OWNER }, async (ctx, { accountId }) => {
  const flow = ctx.session.flow;
  if (flow?.kind !== 'addUser' || flow.step !== 'account' || !flow.who) return answerStale(ctx);
  await addUser(ctx, { role: flow.role, accountId, ...parseWho(flow.who)! });
});

async function addUser(ctx: BotContext, input: AddUserInput): Promise<void> {
  delete ctx.session.flow;
  const { addUser: result } = await ctx.gql.request(AddUserDocument, { input });
  await showMenu(ctx, addUserText(ctx, result), backKeyboard(ctx.t));
}

function addUserText(ctx: BotContext, result: AddUserMutation['addUser']): string {
  switch (result.__typename) {
    case 'User':
      return ctx.t('add-user-done', {
        name: escapeHtml(result.displayName),
        role: ctx.t(`role-${result.role.toLowerCase()}`),
      });
    case 'UsernameTaken':
      return ctx.t('add-user-username-taken', { username: result.takenUsername });
    case 'TelegramIdTaken':
      return ctx.t('add-user-telegram-id-taken', { telegramId: result.takenTelegramId });
    default: {
      const unhandled: never = result;
      throw new Error(`unhandled addUser result ${JSON.stringify(unhandled)}`);
    }
  }
}

/** "@username Name" or "123456789 Name": who to pre-register (R-USR-1). */
export function parseWho(text: string): { username?: string; telegramId?: string; firstName?: string } | undefined {
  const match = /^\s*(?:@([A-Za-z0-9_]{5,32})|(\d{3,20}))(?:\s+(.{1,64}))?\s*$/.exec(text);
  if (!match) return undefined;
  return {
    ...(match[1] ? { username: match[1] } : {}),
    ...(match[2] ? { telegramId: match[2] } : {}),
    ...(match[3] ? { firstName: match[3].trim() } : {}),
  };
}

/** A page of client accounts: whose tariff to change, or (while adding a client) the new client's account. */
function accountList(list: string, title: string, forNewClient: boolean) {
  return definePagedList(list, OWNER, async (ctx, page, after) => {
    const { accounts } = await ctx.gql.request(AccountListDocument, { first: PAGE_SIZE, ...(after ? { after } : {}) });
    const paging = pageShown(ctx, list, page, accounts.pageInfo);
    const range = pageRange(ctx, page, accounts.nodes.length, accounts.totalCount);
    const text = range ? `${ctx.t(title)} · ${range}` : ctx.t(title);
    await showMenu(ctx, text, accountsKeyboard(ctx.t, accounts.nodes, forNewClient, paging));
  });
}
const newClientAccounts = accountList('newClientAccounts', 'add-user-account', true);
const accounts = accountList('accounts', 'accounts-title', false);
defineScreen('accounts', (ctx) => accounts(ctx, 0, undefined));

onButton(ownerFeature, callbacks.accountCard, { menu: true, roles: OWNER }, async (ctx, { accountId }) => {
  const { account, tariffs } = await ctx.gql.request(AccountTariffChoiceDocument, { id: accountId });
  await showMenu(
    ctx,
    ctx.t('account-tariff', { account: escapeHtml(account.name), tariff: escapeHtml(account.tariff?.name ?? '—') }),
    accountTariffKeyboard(ctx.t, account.id, account.tariff?.id, tariffs),
  );
});

onButton(ownerFeature, callbacks.setTariff, { menu: true, roles: OWNER }, async (ctx, { accountId, tariffId }) => {
  const { changeAccountTariff: account } = await ctx.gql.request(ChangeAccountTariffDocument, { accountId, tariffId });
  await showMenu(
    ctx,
    ctx.t('account-tariff-changed', {
      account: escapeHtml(account.name),
      tariff: escapeHtml(account.tariff?.name ?? '—'),
    }),
    backKeyboard(ctx.t),
  );
});
