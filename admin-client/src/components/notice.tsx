import { Show, type JSX } from 'solid-js';

/** One line of feedback after an action: success or the refusal, read out by screen readers. */
export function Notice(props: { message?: string; kind?: 'ok' | 'error' }): JSX.Element {
  return (
    <Show when={props.message}>
      <p
        class={props.kind === 'error' ? 'notice notice-error' : 'notice notice-ok'}
        role={props.kind === 'error' ? 'alert' : 'status'}
      >
        {props.message}
      </p>
    </Show>
  );
}
