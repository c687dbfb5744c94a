import { A, useLocation, useNavigate, type RouteSectionProps } from '@solidjs/router';
import { createMutation, createQuery, createSubscription } from '@urql/solid';
import { createEffect, createSignal, For, on, onMount, Show, type JSX } from 'solid-js';
import {
  DisplayTimeZoneDocument,
  AdminNotificationsDocument,
  SetMyLanguageDocument,
  SignOutDocument,
  UnreadNotificationCountDocument,
} from '../generated/graphql';
import type { CombinedError } from '@urql/core';
import { lang, setLang, setTimeZone, t, timeZone, type MessageKey } from '../i18n/i18n';
import { ErrorState, Loading } from '../components/query-view';
import { readChanges } from '../pages/notifications/unread-signal';
import { clearEntry, entry, isOwner, refreshEntry } from '../session/session';

const links: Array<{ href: string; key: MessageKey; ownerOnly?: boolean }> = [
  { href: '/', key: 'nav.dashboard' },
  { href: '/orders', key: 'nav.orders' },
  { href: '/accounts', key: 'nav.accounts' },
  { href: '/users', key: 'nav.users' },
  { href: '/contractors', key: 'nav.contractors' },
  { href: '/tariffs', key: 'nav.tariffs' },
  { href: '/categories', key: 'nav.categories', ownerOnly: true },
  { href: '/settings', key: 'nav.settings' },
  { href: '/billing', key: 'nav.billing' },
  { href: '/reports', key: 'nav.reports' },
  { href: '/api-keys', key: 'nav.apiKeys', ownerOnly: true },
  { href: '/audit-log', key: 'nav.auditLog', ownerOnly: true },
];

/** Unread badge: counted by the server, recounted whenever a new ADMIN notification arrives. */
function UnreadBadge(): JSX.Element {
  const [count, refetch] = createQuery({ query: UnreadNotificationCountDocument });
  const [live] = createSubscription({ query: AdminNotificationsDocument });
  createEffect(
    on([() => live.data?.notifications.id, readChanges], ([id, changes]) => {
      if (id || changes) refetch({ requestPolicy: 'network-only' });
    }),
  );
  return (
    <A href="/notifications" class="nav-notifications" aria-label={t('nav.notifications')}>
      <svg width="20" height="20" viewBox="0 0 24 24" aria-hidden="true" fill="currentColor">
        <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z" />
      </svg>
      <Show when={(count.data?.unreadNotificationCount ?? 0) > 0}>
        <span class="badge" data-testid="unread-count">
          {count.data?.unreadNotificationCount}
        </span>
      </Show>
    </A>
  );
}

/**
 * Makes every date in the panel use the TIMEZONE setting. The pages wait for it (see Shell): drawn before it, a
 * time would show the browser's wall clock first and then jump, and a chosen day would be asked for in the wrong
 * zone.
 */
function useDisplayTimeZone(): { error: () => CombinedError | undefined; retry: () => void } {
  const [settings, refetch] = createQuery({ query: DisplayTimeZoneDocument });
  createEffect(() => {
    const zone = settings.data?.settings.find((s) => s.key === 'TIMEZONE')?.value;
    if (zone) setTimeZone(zone);
  });
  return {
    error: () => (timeZone() ? undefined : settings.error),
    retry: () => refetch({ requestPolicy: 'network-only' }),
  };
}

/** Layout of every signed-in page; sends anyone who is not a signed-in owner or manager to sign-in. */
export function Shell(props: RouteSectionProps): JSX.Element {
  const zone = useDisplayTimeZone();
  const navigate = useNavigate();
  const location = useLocation();
  const [, signOut] = createMutation(SignOutDocument);
  const [, saveLanguage] = createMutation(SetMyLanguageDocument);
  const [menuOpen, setMenuOpen] = createSignal(false);

  onMount(async () => {
    const current = entry() ?? (await refreshEntry().catch(() => undefined));
    if (current?.screen === 'panel') return;
    const reason = current?.screen === 'signIn' && current.reason === 'notStaff' ? '&reason=notStaff' : '';
    navigate(`/login?next=${encodeURIComponent(location.pathname + location.search)}${reason}`, { replace: true });
  });
  // A phone's menu closes once a page is chosen.
  createEffect(
    on(
      () => location.pathname,
      () => setMenuOpen(false),
    ),
  );

  const doSignOut = async () => {
    await signOut({});
    clearEntry();
    navigate('/login', { replace: true });
  };
  const switchLanguage = (next: 'ru' | 'en') => {
    setLang(next);
    void saveLanguage({ language: next === 'en' ? 'EN' : 'RU' });
  };

  return (
    <Show when={entry()?.screen === 'panel'} fallback={<Loading />}>
      {/* The first Tab stop: past the header and the navigation, into the page (keyboard and screen-reader users). */}
      <a
        class="skip-link"
        href="#main-content"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main-content')?.focus();
        }}
      >
        {t('nav.skipToContent')}
      </a>
      <header class="topbar">
        <button
          type="button"
          class="menu-toggle"
          aria-expanded={menuOpen()}
          aria-controls="main-nav"
          onClick={() => setMenuOpen(!menuOpen())}
        >
          ☰ <span class="visually-hidden">{t('nav.menu')}</span>
        </button>
        <span class="brand">{t('appName')}</span>
        <UnreadBadge />
        <label class="lang">
          <span class="visually-hidden">{t('nav.language')}</span>
          <select value={lang()} onChange={(e) => switchLanguage(e.currentTarget.value as 'ru' | 'en')}>
            <option value="ru">RU</option>
            <option value="en">EN</option>
          </select>
        </label>
        <A href="/my-account" class="who" title={t('nav.myAccount')}>
          {(entry() as { name?: string } | undefined)?.name}
        </A>
        <button type="button" onClick={doSignOut}>
          {t('nav.signOut')}
        </button>
      </header>
      <div class="layout">
        <nav id="main-nav" classList={{ open: menuOpen() }} aria-label={t('nav.menu')}>
          <ul>
            <For each={links.filter((l) => !l.ownerOnly || isOwner())}>
              {(link) => (
                <li>
                  <A href={link.href} end={link.href === '/'} activeClass="active">
                    {t(link.key)}
                  </A>
                </li>
              )}
            </For>
            <li>
              <A href="/notifications" activeClass="active">
                {t('nav.notifications')}
              </A>
            </li>
            <li>
              <A href="/my-account" activeClass="active">
                {t('nav.myAccount')}
              </A>
            </li>
          </ul>
        </nav>
        <main id="main-content" class="content" tabIndex={-1} aria-busy={!timeZone()}>
          <Show
            when={timeZone()}
            fallback={
              <Show when={zone.error()} fallback={<Loading />}>
                {(error) => <ErrorState error={error()} retry={zone.retry} />}
              </Show>
            }
          >
            {props.children}
          </Show>
        </main>
      </div>
    </Show>
  );
}
