import { describe, expect, it } from 'vitest';
import type { Principal } from '../../common/auth/principal.js';
import { ApiScope } from '../../common/auth/scopes.js';
import { Role, type UserEntity } from '../../modules/user/user.entity.js';
import { accessHolds, accessKey, type CurrentAccess } from '../access-watch.js';

const client = {
  id: 'u1',
  role: Role.CLIENT,
  active: true,
  accountId: 'a1',
  branchId: null,
  firstName: 'Ann',
} as unknown as UserEntity;
const viaBot: Principal = { kind: 'user', user: client, via: 'bot' };
const viaSession: Principal = {
  kind: 'user',
  user: { ...client, role: Role.MANAGER, accountId: null },
  via: 'session',
  sessionId: 's1',
};
const key: Principal = { kind: 'apiKey', apiKeyId: 'k1', scopes: new Set([ApiScope.ORDERS_READ]) };

const current = (over: Partial<CurrentAccess> = {}): CurrentAccess => ({
  users: new Map([['u1', { role: Role.CLIENT, active: true, accountId: 'a1', branchId: null }]]),
  liveSessions: new Set(['s1']),
  liveKeys: new Set(['k1']),
  ...over,
});

describe('accessHolds: what a live stream was authenticated as still holds', () => {
  it('holds while the user, session and key are as they were', () => {
    expect(accessHolds(viaBot, current())).toBe(true);
    expect(accessHolds(key, current())).toBe(true);
    const manager = new Map([['u1', { role: Role.MANAGER, active: true, accountId: null, branchId: null }]]);
    expect(accessHolds(viaSession, current({ users: manager }))).toBe(true);
  });

  it.each([
    ['moved to another account (R-ACC-1)', { accountId: 'a2' }],
    ['moved to a branch (R-ACC-2)', { branchId: 'b1' }],
    ['given another role (R-USR-2)', { role: Role.CONTRACTOR }],
    ['deactivated (R-USR-3)', { active: false }],
  ])('ends when the user was %s', (_what, change) => {
    const users = new Map([['u1', { role: Role.CLIENT, active: true, accountId: 'a1', branchId: null, ...change }]]);
    expect(accessHolds(viaBot, current({ users }))).toBe(false);
  });

  it('ends when the user is gone, the web session ended or the key was revoked', () => {
    expect(accessHolds(viaBot, current({ users: new Map() }))).toBe(false);
    const manager = new Map([['u1', { role: Role.MANAGER, active: true, accountId: null, branchId: null }]]);
    expect(accessHolds(viaSession, current({ users: manager, liveSessions: new Set() }))).toBe(false);
    expect(accessHolds(key, current({ liveKeys: new Set() }))).toBe(false);
  });

  it('the bot, strangers and anonymous callers rest on nothing that can change', () => {
    const none = current({ users: new Map(), liveSessions: new Set(), liveKeys: new Set() });
    expect(accessHolds({ kind: 'bot' }, none)).toBe(true);
    expect(accessHolds({ kind: 'anonymous' }, none)).toBe(true);
  });
});

describe('accessKey: two authentications of one connection give the same access', () => {
  it('is the same for the same access, whatever else about the user changed', () => {
    const renamed: Principal = { kind: 'user', user: { ...client, firstName: 'Anna' } as UserEntity, via: 'bot' };
    expect(accessKey(renamed)).toBe(accessKey(viaBot));
  });

  it('differs when the account, role or kind of caller differs', () => {
    const moved: Principal = { kind: 'user', user: { ...client, accountId: 'a2' } as UserEntity, via: 'bot' };
    expect(accessKey(moved)).not.toBe(accessKey(viaBot));
    expect(accessKey({ kind: 'anonymous' })).not.toBe(accessKey(viaBot));
    expect(accessKey(key)).not.toBe(accessKey({ ...key, apiKeyId: 'k2' } as Principal));
  });
});
