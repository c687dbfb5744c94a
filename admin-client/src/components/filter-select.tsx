import { For, type JSX } from 'solid-js';
import { t } from '../i18n/i18n';

/** One choice of a filter: the value sent, the text shown. */
export interface FilterOption {
  value: string;
  label: string;
}

/**
 * A labelled filter select whose first choice is "all" (no value): the pattern every list page's filter form
 * repeats. `onChange` receives the chosen value, or undefined for "all".
 */
export function FilterSelect(props: {
  label: string;
  value: string | undefined;
  options: readonly FilterOption[] | undefined;
  onChange: (value: string | undefined) => void;
  disabled?: boolean;
  /** Extra choices between "all" and the options (e.g. a combined status). */
  children?: JSX.Element;
}): JSX.Element {
  return (
    <label>
      {props.label}
      <select
        value={props.value ?? ''}
        disabled={props.disabled}
        onChange={(e) => props.onChange(e.currentTarget.value || undefined)}
      >
        <option value="">{t('common.all')}</option>
        {props.children}
        <For each={props.options}>{(o) => <option value={o.value}>{o.label}</option>}</For>
      </select>
    </label>
  );
}
