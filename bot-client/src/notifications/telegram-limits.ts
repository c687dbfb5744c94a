import type { InlineKeyboard } from 'grammy';

/** Telegram's limits (Bot API): a message's text 1-4096 characters, a caption 0-1024, after entity parsing. */
export const TEXT_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;

/** One Bot API call of a delivery. */
export type OutgoingMessage =
  | { kind: 'text'; text: string; keyboard?: InlineKeyboard }
  | {
      kind: 'media';
      media: 'PHOTO' | 'DOCUMENT' | 'VOICE';
      fileId: string;
      caption?: string;
      keyboard?: InlineKeyboard;
    };

/** A piece of `parse_mode: HTML` text: a tag (nothing visible), an entity (one character) or a character. */
interface Token {
  raw: string;
  visible: number;
  /** For tags: the name, and whether it opens or closes. */
  tag?: { name: string; closing: boolean };
}

const TOKEN = /<\/?([a-zA-Z][a-zA-Z0-9-]*)(?:\s[^>]*)?>|&(?:#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);|[\s\S]/gu;

function tokenize(html: string): Token[] {
  const tokens: Token[] = [];
  for (const m of html.matchAll(TOKEN)) {
    const raw = m[0];
    if (m[1]) tokens.push({ raw, visible: 0, tag: { name: m[1].toLowerCase(), closing: raw.startsWith('</') } });
    else if (raw.length > 1 && raw.startsWith('&')) tokens.push({ raw, visible: entityLength(raw) });
    else tokens.push({ raw, visible: raw.length }); // UTF-16 units, as Telegram counts
  }
  return tokens;
}

function entityLength(entity: string): number {
  const numeric = /^&#(x?)([0-9a-fA-F]+);$/.exec(entity);
  if (!numeric) return 1;
  const code = parseInt(numeric[2]!, numeric[1] ? 16 : 10);
  return code > 0xffff ? 2 : 1;
}

/** The length Telegram counts for `parse_mode: HTML` text: tags dropped, entities one character each. */
export function visibleLength(html: string): number {
  return tokenize(html).reduce((n, t) => n + t.visible, 0);
}

const isBlank = (tokens: Token[]) => tokens.every((t) => t.tag || !t.raw.trim());

/** The tags open after `tokens`, starting with `open` (the raw opening tags). */
function openAfter(open: Token[], tokens: Token[]): Token[] {
  const stack = [...open];
  for (const t of tokens) {
    if (!t.tag) continue;
    if (!t.tag.closing) stack.push(t);
    else {
      const at = stack.map((s) => s.tag!.name).lastIndexOf(t.tag.name);
      if (at >= 0) stack.splice(at, 1);
    }
  }
  return stack;
}

const closing = (open: Token[]) =>
  [...open]
    .reverse()
    .map((t) => `</${t.tag!.name}>`)
    .join('');

/**
 * Splits `parse_mode: HTML` text into pieces of at most `limit` visible characters each: at a line break when
 * there is one, else at a space, else anywhere between two characters (never inside a tag or an entity). Tags
 * open at a cut are closed at the end of the piece and opened again at the start of the next.
 */
export function splitHtml(html: string, limit: number): string[] {
  const tokens = tokenize(html);
  const pieces: string[] = [];
  let open: Token[] = [];
  let start = 0;
  while (start < tokens.length) {
    let visible = 0;
    let end = start;
    while (end < tokens.length && visible + tokens[end]!.visible <= limit) visible += tokens[end++]!.visible;
    let next = end;
    if (end < tokens.length) {
      // Too long: cut at a line break, else at a space (dropping it): right after the piece, else its last one.
      const raws = tokens.slice(start, end + 1).map((t) => t.raw);
      const at = (ch: string) => {
        const i = raws.lastIndexOf(ch);
        return i > 0 ? i : -1;
      };
      const cut = at('\n') > 0 ? at('\n') : at(' ');
      if (cut > 0) {
        end = start + cut;
        next = end + 1;
      }
    }
    const body = tokens.slice(start, end);
    const openAtEnd = openAfter(open, body);
    if (!isBlank(body)) {
      pieces.push(open.map((t) => t.raw).join('') + body.map((t) => t.raw).join('') + closing(openAtEnd));
    }
    open = openAtEnd;
    start = next;
  }
  return pieces;
}

/**
 * One notification's messages within Telegram's limits (a message over them is refused with 400 and would be
 * lost): a text too long goes as several messages, the keyboard on the last; a media message whose caption is
 * too long goes without it, the caption following as text (with the keyboard).
 */
export function fitMessage(message: OutgoingMessage): OutgoingMessage[] {
  if (message.kind === 'media') {
    if (!message.caption || visibleLength(message.caption) <= CAPTION_LIMIT) return [message];
    const { caption, keyboard, ...media } = message;
    return [media, ...fitMessage({ kind: 'text', text: caption, ...(keyboard ? { keyboard } : {}) })];
  }
  if (visibleLength(message.text) <= TEXT_LIMIT) return [message];
  const pieces = splitHtml(message.text, TEXT_LIMIT);
  return pieces.map((text, i) => ({
    kind: 'text' as const,
    text,
    ...(i === pieces.length - 1 && message.keyboard ? { keyboard: message.keyboard } : {}),
  }));
}
