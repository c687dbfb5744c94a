import { createSignal } from 'solid-js';

const [readChanges, setReadChanges] = createSignal(0);

/** Changes whenever this panel marks notifications read, so the header's unread count is asked again. */
export { readChanges };

/** Tells the header that notifications were marked read. */
export function notifyRead(): void {
  setReadChanges((n) => n + 1);
}
