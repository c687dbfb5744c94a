import { Show, type Component, type JSX } from 'solid-js';
import { t } from '../i18n/i18n';
import { isOwner } from '../session/session';

/**
 * A page only owners may use (R-USR-2: API keys, the audit log, order categories). Its link is not in a manager's
 * menu; a manager who opens its address anyway is told it is for owners, instead of a form and a list the
 * server would refuse.
 */
export function ownerOnly(Page: Component): Component {
  return (): JSX.Element => (
    <Show
      when={isOwner()}
      fallback={
        <p class="state state-empty" role="alert">
          {t('state.ownersOnly')}
        </p>
      }
    >
      <Page />
    </Show>
  );
}
