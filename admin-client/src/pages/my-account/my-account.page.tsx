import { createQuery } from '@urql/solid';
import { Show, type JSX } from 'solid-js';
import { MyAccountDocument, type MyAccountQuery } from '../../generated/graphql';
import { t } from '../../i18n/i18n';
import { QueryView } from '../../components/query-view';
import { EmailNotificationsForm } from './email-notifications-form';
import { MySessions } from './my-sessions';
import { PasswordForm } from './password-form';

/** The signed-in owner's or manager's own account: password, sessions, e-mail notifications. */
export default function MyAccountPage(): JSX.Element {
  const [account, refetch] = createQuery({ query: MyAccountDocument, requestPolicy: 'network-only' });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  return (
    <section>
      <h1>{t('myAccount.title')}</h1>
      <QueryView state={account} retry={reload}>
        {(data) => {
          // Owners and managers only reach this page; the narrowing is for the types.
          const me = () =>
            (data().viewer.__typename === 'User' ? data().viewer : undefined) as
              Extract<MyAccountQuery['viewer'], { __typename: 'User' }> | undefined;
          return (
            <Show when={me()}>
              {(user) => (
                <div class="two-columns">
                  <div>
                    <MySessions sessions={data().mySessions} onChanged={reload} />
                    <EmailNotificationsForm email={user().email} enabled={user().emailNotifications} />
                  </div>
                  <PasswordForm hasPassword={user().hasPassword} onSaved={reload} />
                </div>
              )}
            </Show>
          );
        }}
      </QueryView>
    </section>
  );
}
