import { createMutation, createQuery } from '@urql/solid';
import { createSignal, For, Show, type JSX } from 'solid-js';
import { SettingsDocument, UpdateSettingDocument, type SettingsQuery } from '../../generated/graphql';
import { formatDateTime, lang, setTimeZone, t } from '../../i18n/i18n';
import { Notice } from '../../components/notice';
import { QueryView } from '../../components/query-view';
import { rangeRefusal, refusalMessage } from '../../components/refusal';
import { isOwner } from '../../session/session';

type Setting = SettingsQuery['settings'][number];

/** The allowed range as the server states it (min..max, or ≥min). */
export function rangeText(s: Pick<Setting, 'min' | 'max' | 'type'>): string {
  if (s.type === 'TIME_ZONE') return 'IANA';
  if (s.min != null && s.max != null) return `${s.min}..${s.max}`;
  if (s.min != null) return `≥ ${s.min}`;
  if (s.max != null) return `≤ ${s.max}`;
  return '—';
}

/** Why a value of this setting was refused, in the panel's language: its allowed range (the server's text else). */
function settingRefusal(s: Setting): string | undefined {
  if (s.type === 'TIME_ZONE') return t('settings.timeZoneRejected', { field: s.key });
  return rangeRefusal(s.key, s.min, s.max);
}

/** What saving a setting came to: saved, refused as invalid (`rejected`), or failed with a message. */
export interface SaveOutcome {
  ok: boolean;
  rejected?: boolean;
  message?: string;
}

/**
 * One setting: its help text and range; the server validates, and a refusal says the allowed range in the panel's
 * language.
 */
export function SettingRow(props: {
  setting: Setting;
  save: (key: string, value: string) => Promise<SaveOutcome>;
}): JSX.Element {
  const [value, setValue] = createSignal(props.setting.value);
  const [message, setMessage] = createSignal<{ kind: 'ok' | 'error'; text: string }>();
  const id = () => `setting-${props.setting.key}`;
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const result = await props.save(props.setting.key, value().trim());
    if (result.ok) setMessage({ kind: 'ok', text: t('common.saved') });
    else {
      const why = (result.rejected && settingRefusal(props.setting)) || result.message || '';
      setMessage({ kind: 'error', text: t('settings.rejected', { message: why }) });
      setValue(props.setting.value);
    }
  };
  return (
    <form class="setting card" onSubmit={submit} data-setting={props.setting.key}>
      <label for={id()}>
        <code>{props.setting.key}</code>
      </label>
      <p class="hint" id={`${id()}-help`}>
        {lang() === 'ru' ? props.setting.descriptionRu : props.setting.description}{' '}
        {t('settings.range', { range: rangeText(props.setting) })} ·{' '}
        {t('settings.default', { value: props.setting.defaultValue })}
        {props.setting.updatedAt ? ` · ${formatDateTime(props.setting.updatedAt)}` : ''}
      </p>
      <Show when={isOwner()} fallback={<p class="setting-value">{props.setting.value}</p>}>
        <div class="inline-form">
          <input
            id={id()}
            name={props.setting.key}
            value={value()}
            aria-describedby={`${id()}-help`}
            inputmode={props.setting.type === 'TIME_ZONE' ? 'text' : 'decimal'}
            onInput={(e) => setValue(e.currentTarget.value)}
          />
          <button type="submit">{t('common.save')}</button>
        </div>
      </Show>
      <Notice kind={message()?.kind} message={message()?.text} />
    </form>
  );
}

/** Business settings (PRODUCT.md §9): owners change them, managers see them (R-USR-2). */
export default function SettingsPage(): JSX.Element {
  const [settings, refetch] = createQuery({ query: SettingsDocument });
  const [, update] = createMutation(UpdateSettingDocument);
  const save = async (key: string, value: string): Promise<SaveOutcome> => {
    const result = await update({ key, value });
    const answer = result.data?.updateSetting;
    if (result.error) return { ok: false, message: refusalMessage(result.error) };
    if (answer?.__typename === 'SettingValueRejected') return { ok: false, rejected: true, message: answer.message };
    // The whole panel shows times in TIMEZONE (read once by the shell): a new one applies at once, not at a reload.
    if (answer?.__typename === 'Setting' && answer.key === 'TIMEZONE') setTimeZone(answer.value);
    return { ok: true };
  };
  return (
    <section>
      <h1>{t('settings.title')}</h1>
      <QueryView
        state={settings}
        retry={() => refetch({ requestPolicy: 'network-only' })}
        isEmpty={(d) => d.settings.length === 0}
      >
        {(data) => (
          <div class="settings">
            <For each={data().settings}>{(s) => <SettingRow setting={s} save={save} />}</For>
          </div>
        )}
      </QueryView>
    </section>
  );
}
