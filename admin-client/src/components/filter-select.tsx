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

/**
 * The "from" and "to" day inputs of a filter form (yyyy-mm-dd, both optional). `onChange` receives the
 * changed end only; an emptied input gives undefined.
 */
export function DateRangeFilter(props: {
  from: string | undefined;
  to: string | undefined;
  onChange: (change: { from?: string | undefined } | { to?: string | undefined }) => void;
}): JSX.Element {
  return (
    <>
      <label>
        {t('common.from')}
        <input
          type="date"
          value={props.from ?? ''}
          onChange={(e) => props.onChange({ from: e.currentTarget.value || undefined })}
        />
      </label>
      <label>
        {t('common.to')}
        <input
          type="date"
          value={props.to ?? ''}
          onChange={(e) => props.onChange({ to: e.currentTarget.value || undefined })}
        />
      </label>
    </>
  );
}
