import type { BotCommand } from 'grammy/types';
import type { Viewer } from '../bot/context.js';
import type { Translate } from '../i18n/i18n.js';

const COMMON = ['start', 'help', 'cancel', 'language'] as const;
const BY_ROLE: Record<Viewer['role'], readonly string[]> = {
  CLIENT: ['neworder', 'orders'],
  CONTRACTOR: ['available', 'orders'],
  MANAGER: ['orders', 'login'],
  OWNER: ['orders', 'users', 'login'],
};

/** The bot's command list for a role (set per chat), in the person's language. */
export function commandsFor(role: Viewer['role'] | null, t: Translate): BotCommand[] {
  const names = role ? [...BY_ROLE[role], ...COMMON] : [...COMMON];
  return names.map((command) => ({ command, description: t(`command-${command}`) }));
}
