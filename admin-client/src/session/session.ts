import { createSignal } from 'solid-js';
import { currentEntry, type Entry } from '../viewer';
import { setLang } from '../i18n/i18n';

const [entry, setEntry] = createSignal<Entry | undefined>(undefined);

/** Who is signed in (undefined until asked). */
export { entry };

/** Whether the signed-in user is an owner (who may do everything a manager may, and more: R-USR-2). */
export function isOwner(): boolean {
  const e = entry();
  return e?.screen === 'panel' && e.role === 'OWNER';
}

/** The signed-in staff member's user id (undefined before sign-in). */
export function signedInUserId(): string | undefined {
  const e = entry();
  return e?.screen === 'panel' ? e.userId : undefined;
}

/** Asks the server who is signed in and adopts the user's language. */
export async function refreshEntry(): Promise<Entry> {
  const next = await currentEntry();
  setEntry(next);
  if (next.screen === 'panel') setLang(next.language === 'EN' ? 'en' : 'ru');
  return next;
}

/** Forgets the signed-in user (after sign-out or an expired session). */
export function clearEntry(): void {
  setEntry({ screen: 'signIn', reason: 'anonymous' });
}

/** Where to go after signing in: only paths inside the panel, never another site. */
export function safeNext(next: string | undefined | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/login')) return '/';
  return next;
}
