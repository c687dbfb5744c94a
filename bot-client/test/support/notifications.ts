import type { BotTestEnv } from './bot-test-env.js';

/** Notification rows written straight into the outbox (set-up only): one ORDER_MESSAGE each, numbered. */
export async function pending(env: BotTestEnv, recipients: { id: string }[], count: number): Promise<void> {
  await env.t.sql(
    `INSERT INTO notification (recipient_id, channel, kind, payload, created_at)
     SELECT r.id, 'TELEGRAM', 'ORDER_MESSAGE',
            jsonb_build_object('number', '2026-000001', 'orderId', '00000000-0000-4000-8000-000000000001',
              'message', jsonb_build_object('kind', 'TEXT', 'text', 'n=' || g.n, 'sender', jsonb_build_object('firstName', 'Ivan'))),
            now()
       FROM generate_series(1, $2::int) g(n)
       JOIN LATERAL (SELECT ($1::uuid[])[1 + (g.n - 1) % array_length($1::uuid[], 1)] AS id) r ON true
      ORDER BY g.n`,
    [recipients.map((r) => r.id), count],
  );
}
