/** Helpers for the live-stream end-to-end tests (subscriptions over graphql-ws). */
import type { Client } from 'graphql-ws';
import { anonymous, withToken, type Caller, type TestSystem } from './harness.js';

/** A running subscription: what it delivered so far. */
export interface Collected<T> {
  items: T[];
  errors: unknown[];
  completed: boolean;
  dispose(): void;
}

/** Subscribes and collects each delivered `data[field]` (errors separately). */
export function collect<T = any>(
  client: Client,
  query: string,
  variables: Record<string, unknown>,
  field: string,
): Collected<T> {
  const c: Collected<T> = { items: [], errors: [], completed: false, dispose: () => undefined };
  c.dispose = client.subscribe(
    { query, variables },
    {
      next: (v) => {
        if (v.errors?.length) c.errors.push(v.errors);
        else c.items.push((v.data as Record<string, T>)[field]!);
      },
      error: (e) => c.errors.push(e),
      complete: () => {
        c.completed = true;
      },
    },
  );
  return c;
}

/** Waits until `check` holds (polling), or fails naming `what`. */
export async function waitFor(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The code of a subscription's first error, whatever shape graphql-ws gave it. */
export function errorCode(errors: unknown[]): string | undefined {
  const first = errors[0] as any;
  const list = Array.isArray(first) ? first : [first];
  return list[0]?.extensions?.code ?? list[0]?.message;
}

/** A signed-in admin-panel session for an owner or manager the bot acts for (one-time link → session token). */
export async function adminSession(t: TestSystem, staffViaBot: Caller): Promise<Caller> {
  const link = await t.ok('mutation { createLoginLink { url } }', {}, staffViaBot);
  const token = new URL(link.createLoginLink.url as string).searchParams.get('token');
  const r = await t.ok(
    'mutation ($token: String!) { signInWithLink(token: $token) { __typename ... on Session { token } } }',
    { token },
    anonymous,
  );
  return withToken(r.signInWithLink.token as string);
}

/** The bot service itself (its token, acting for nobody). */
export function botService(t: TestSystem): Caller {
  return {
    headers: { authorization: `Bearer ${t.botToken}` },
    connectionParams: { authorization: `Bearer ${t.botToken}` },
  };
}

export const NOTIFICATIONS = `subscription ($channel: NotificationChannel!, $after: String) {
  notifications(channel: $channel, after: $after) {
    id cursor channel kind recipientId recipientTelegramId recipientLanguage orderId payload createdAt deliveredAt
  }
}`;

export const ACKNOWLEDGE = `mutation ($channel: NotificationChannel!, $ids: [ID!]!) {
  acknowledgeNotifications(channel: $channel, ids: $ids)
}`;

export const ORDER_EVENTS = `subscription ($after: String, $filter: OrderEventFilter) {
  orderEvents(after: $after, filter: $filter) {
    cursor orderId event { id kind fromStatus toStatus reason actor { id } contractor { id } } order { id status }
  }
}`;
