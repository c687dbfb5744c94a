import type { JSX } from 'solid-js';
import { t } from '../i18n/i18n';

/** The small "Edit" button next to an item in a list, named with the item for screen readers ("Edit: NETWORK"). */
export function EditButton(props: { name: string; onClick: () => void }): JSX.Element {
  return (
    <button
      type="button"
      class="small"
      aria-label={`${t('common.edit')}: ${props.name}`}
      onClick={() => props.onClick()}
    >
      {t('common.edit')}
    </button>
  );
}
