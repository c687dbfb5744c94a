import { readFileSync } from 'node:fs';
import { FluentBundle, FluentResource, type FluentVariable } from '@fluent/bundle';

/** Interface languages of the bot (the server's Language enum, lower-cased). */
export const LOCALES = ['ru', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'ru';

export type TranslateArgs = Record<string, FluentVariable>;
/** Renders one message id in a fixed locale. */
export type Translate = (id: string, args?: TranslateArgs) => string;

/** Every message of the bot in every language, from the Fluent files in bot-client/locales. */
export class Translations {
  private readonly bundles = new Map<Locale, FluentBundle>();
  private readonly messageIds = new Map<Locale, string[]>();

  constructor(dir: URL = new URL('../../locales/', import.meta.url)) {
    for (const locale of LOCALES) {
      // useIsolating off: Telegram shows the Unicode isolation marks as garbage in some clients.
      const bundle = new FluentBundle(locale, { useIsolating: false });
      const resource = new FluentResource(readFileSync(new URL(`${locale}.ftl`, dir), 'utf8'));
      const errors = bundle.addResource(resource);
      if (errors.length) throw new Error(`locales/${locale}.ftl: ${errors.map((e) => e.message).join('; ')}`);
      this.bundles.set(locale, bundle);
      this.messageIds.set(
        locale,
        resource.body.map((entry) => entry.id),
      );
    }
  }

  /** Message ids defined for a locale (tests compare the languages with it). */
  ids(locale: Locale): string[] {
    return this.messageIds.get(locale)!;
  }

  /** A translator bound to one locale; an unknown id is a bug, so it throws. */
  for(locale: Locale): Translate {
    const bundle = this.bundles.get(locale)!;
    return (id, args) => {
      const message = bundle.getMessage(id);
      if (!message?.value) throw new Error(`missing message ${id} in ${locale}`);
      const errors: Error[] = [];
      const text = bundle.formatPattern(message.value, args, errors);
      if (errors.length) throw new Error(`message ${id} in ${locale}: ${errors.map((e) => e.message).join('; ')}`);
      return text;
    };
  }
}

/** The locale for the server's Language value (RU/EN) or a Telegram language code. */
export function localeOf(language: string | null | undefined): Locale {
  const l = (language ?? '').toLowerCase();
  return l.startsWith('en') ? 'en' : l.startsWith('ru') ? 'ru' : DEFAULT_LOCALE;
}

/** Escapes user-provided text for Telegram's HTML parse mode. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
