import { t, tOf } from '../../i18n/i18n';

/** One line for a notification: its kind plus the order number or message the payload carries. */
export function notificationText(kind: string, rawPayload: unknown): string {
  const payload = (rawPayload ?? {}) as Record<string, unknown>;
  const parts = [tOf('kind', kind)];
  const number = payload.orderNumber ?? payload.number;
  if (typeof number === 'string') parts.push(t('notifications.order', { number }));
  if (typeof payload.accountName === 'string') parts.push(payload.accountName);
  if (typeof payload.text === 'string') parts.push(`«${payload.text}»`);
  else if (typeof payload.reason === 'string') parts.push(payload.reason);
  return parts.join(' · ');
}
