import { Match, Switch, type Accessor, type JSX } from 'solid-js';
import type { CombinedError } from '@urql/core';
import { t } from '../i18n/i18n';

/** The three states every page shows besides its data. */
export function Loading(): JSX.Element {
  return (
    <p class="state state-loading" role="status" aria-live="polite">
      {t('state.loading')}
    </p>
  );
}

export function Empty(props: { text?: string }): JSX.Element {
  return <p class="state state-empty">{props.text ?? t('state.empty')}</p>;
}

/** The message of a failed request, without urql's "[GraphQL]" prefix. */
export function errorMessage(error: CombinedError | Error): string {
  if ('graphQLErrors' in error && error.graphQLErrors.length)
    return error.graphQLErrors.map((e) => e.message).join('; ');
  if ('networkError' in error && error.networkError) return error.networkError.message;
  return error.message;
}

export function ErrorState(props: { error: CombinedError | Error; retry?: () => void }): JSX.Element {
  return (
    <div class="state state-error" role="alert">
      <span>{t('state.error', { message: errorMessage(props.error) })}</span>
      {props.retry && (
        <button type="button" onClick={() => props.retry?.()}>
          {t('state.retry')}
        </button>
      )}
    </div>
  );
}

/** What a createQuery state exposes that this view needs. */
export interface QueryLike<T> {
  data?: T;
  error?: CombinedError;
  fetching: boolean;
}

/**
 * Loading until the first answer, the error when there is no data to show, the empty text when the data holds
 * nothing, else the children — which get an accessor, so later refreshes update in place (forms keep input).
 */
export function QueryView<T>(props: {
  state: QueryLike<T>;
  retry?: () => void;
  isEmpty?: (data: T) => boolean;
  emptyText?: string;
  children: (data: Accessor<T>) => JSX.Element;
}): JSX.Element {
  const data = () => props.state.data as T;
  return (
    <Switch>
      <Match when={props.state.error && !props.state.data}>
        <ErrorState error={props.state.error!} retry={props.retry} />
      </Match>
      <Match when={!props.state.data}>
        <Loading />
      </Match>
      <Match when={props.isEmpty?.(data())}>
        <Empty text={props.emptyText} />
      </Match>
      <Match when={props.state.data}>{props.children(data)}</Match>
    </Switch>
  );
}
