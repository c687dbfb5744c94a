import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';

/** One Bot API call the bot made. */
export interface RecordedCall {
  method: string;
  body: Record<string, any>;
}

/** A canned answer for a call (429 flood control, 403 blocked, …), or undefined to let it through. */
export type Fault = (method: string, body: Record<string, any>) => { status: number; body: unknown } | undefined;

/** What Telegram counts of `parse_mode: HTML` text: the text after entity parsing (tags dropped, entities decoded). */
const visibleText = (html: string) =>
  html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

/**
 * Telegram's length limits (Bot API: a text 1-4096 characters, a caption 0-1024, after entity parsing), answered
 * as Telegram does (400); telegram-test-api does not check them. Push it onto `faults` where a test needs it.
 */
export const telegramLengthLimits: Fault = (method, body) => {
  const text = ['sendMessage', 'editMessageText'].includes(method) && typeof body.text === 'string' ? body.text : null;
  if (text !== null && visibleText(text).length > 4096) {
    return { status: 400, body: { ok: false, error_code: 400, description: 'Bad Request: message is too long' } };
  }
  const caption = typeof body.caption === 'string' ? body.caption : null;
  if (['sendPhoto', 'sendDocument', 'sendVoice'].includes(method) && caption && visibleText(caption).length > 1024) {
    return {
      status: 400,
      body: { ok: false, error_code: 400, description: 'Bad Request: message caption is too long' },
    };
  }
  return undefined;
};

/** Methods telegram-test-api emulates; everything else is answered here. */
const EMULATED = new Set([
  'sendMessage',
  'editMessageText',
  'editMessageReplyMarkup',
  'answerCallbackQuery',
  'getUpdates',
  'setWebhook',
  'deleteWebhook',
]);

/**
 * The Bot API the bot talks to in tests: text, keyboards, callbacks, edits and deletes go to
 * telegram-test-api; what it lacks (media, setMyCommands, chat actions, getMe with the real fields) is
 * answered here and recorded. getUpdates waits briefly for news (telegram-test-api does not long-poll), and
 * faults can be injected per call.
 */
export class TestBotApi {
  readonly calls: RecordedCall[] = [];
  /** Media messages the bot sent (telegram-test-api cannot store them). */
  readonly media: { chatId: string; messageId: number; method: string; body: Record<string, any> }[] = [];
  faults: Fault[] = [];
  /** Updates telegram-test-api cannot make (edits, chat member changes, channel posts): handed out by getUpdates. */
  private readonly rawUpdates: Record<string, unknown>[] = [];
  private server: http.Server | undefined;
  private nextMediaId = 1_000_000;

  constructor(private readonly telegram: TelegramServer) {}

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /**
   * Queues an update as Telegram would send it (`edited_message`, `my_chat_member`, `channel_post`, …) for the bot's
   * next getUpdates; it gets the next update id of telegram-test-api's sequence.
   */
  pushUpdate(update: Record<string, unknown>): void {
    const server = this.telegram as unknown as { updateId: number };
    this.rawUpdates.push({ update_id: server.updateId++, ...update });
  }

  /** Calls of one method. */
  callsOf(method: string): Record<string, any>[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.body);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const match = /^\/bot([^/]+)\/(\w+)/.exec(req.url ?? '');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    const raw = bytes.toString('utf8');
    const type = String(req.headers['content-type'] ?? '');
    const body = type.startsWith('multipart/form-data')
      ? parseMultipart(bytes, type)
      : raw
        ? (JSON.parse(raw) as Record<string, any>)
        : {};
    if (!match) return reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const [, token, method] = match as unknown as [string, string, string];
    if (method !== 'getUpdates') this.calls.push({ method, body });
    for (const fault of this.faults) {
      const answer = fault(method, body);
      if (answer) return reply(res, answer.status, answer.body);
    }
    if (method === 'getUpdates') return this.getUpdates(token, raw, res);
    if (EMULATED.has(method)) return this.forward(token, method, raw, res);
    switch (method) {
      case 'deleteMessage':
        return this.deleteMessage(body, res);
      case 'getMe':
        return reply(res, 200, {
          ok: true,
          result: {
            id: Number(token.split(':')[0]),
            is_bot: true,
            first_name: 'ITSupport',
            username: 'itsupport_test_bot',
            can_join_groups: false,
            can_read_all_group_messages: false,
            supports_inline_queries: false,
          },
        });
      case 'setMyCommands':
      case 'deleteMyCommands':
      case 'sendChatAction':
        return reply(res, 200, { ok: true, result: true });
      case 'sendPhoto':
      case 'sendDocument':
      case 'sendVoice': {
        const messageId = this.nextMediaId++;
        this.media.push({ chatId: String(body.chat_id), messageId, method, body });
        return reply(res, 200, {
          ok: true,
          result: {
            message_id: messageId,
            date: Math.floor(Date.now() / 1000),
            chat: { id: Number(body.chat_id), type: 'private' },
            caption: body.caption,
          },
        });
      }
      default:
        return reply(res, 404, {
          ok: false,
          error_code: 404,
          description: `Not Found: method ${method} is not emulated`,
        });
    }
  }

  /**
   * telegram-test-api matches deletions by message id against button presses too (a press carries the id
   * the next message will get), so it can delete the wrong thing; deletion is done here on its storage.
   */
  private deleteMessage(body: Record<string, any>, res: http.ServerResponse): void {
    const chatId = String(body.chat_id);
    const messageId = Number(body.message_id);
    const storage = this.telegram.storage;
    const user = storage.userMessages.findIndex(
      (u) =>
        'message' in u &&
        !('callbackQuery' in u) &&
        u.messageId === messageId &&
        String((u.message as { chat?: { id: number } }).chat?.id) === chatId,
    );
    if (user >= 0) {
      storage.userMessages.splice(user, 1);
      return reply(res, 200, { ok: true, result: true });
    }
    const bot = storage.botMessages.findIndex((u) => u.messageId === messageId && String(u.message.chat_id) === chatId);
    if (bot >= 0) {
      storage.botMessages.splice(bot, 1);
      return reply(res, 200, { ok: true, result: true });
    }
    const mediaIndex = this.media.findIndex((m) => m.messageId === messageId && m.chatId === chatId);
    if (mediaIndex >= 0) {
      this.media.splice(mediaIndex, 1);
      return reply(res, 200, { ok: true, result: true });
    }
    reply(res, 400, { ok: false, error_code: 400, description: 'Bad Request: message to delete not found' });
  }

  private async forward(token: string, method: string, raw: string, res: http.ServerResponse): Promise<void> {
    const upstream = await fetch(`${this.telegram.config.apiURL}/bot${token}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: raw || '{}',
    });
    const text = await upstream.text();
    res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(text);
  }

  /** Like Telegram: waits (briefly) for an update instead of answering empty at once. */
  private async getUpdates(token: string, raw: string, res: http.ServerResponse): Promise<void> {
    const deadline = Date.now() + 300;
    for (;;) {
      const upstream = await fetch(`${this.telegram.config.apiURL}/bot${token}/getUpdates`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: raw || '{}',
      });
      const data = (await upstream.json()) as { ok: boolean; result: unknown[] };
      if (data.ok && this.rawUpdates.length) data.result = [...(data.result ?? []), ...this.rawUpdates.splice(0)];
      if (data.result?.length || Date.now() > deadline || res.destroyed) return reply(res, 200, data);
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

function reply(res: http.ServerResponse, status: number, body: unknown): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** A file the bot uploaded (multipart): its name and bytes. */
export interface UploadedFile {
  filename: string;
  data: Buffer;
}

/** Just enough multipart/form-data for the Bot API uploads grammY makes (fields and attached files). */
function parseMultipart(bytes: Buffer, type: string): Record<string, any> {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(type);
  const marker = Buffer.from(`--${boundary![1] ?? boundary![2]}`);
  const fields: Record<string, any> = {};
  const files: Record<string, UploadedFile> = {};
  let start = bytes.indexOf(marker);
  while (start >= 0) {
    const next = bytes.indexOf(marker, start + marker.length);
    if (next < 0) break;
    const part = bytes.subarray(start + marker.length + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    const head = part.subarray(0, split).toString('utf8');
    const content = part.subarray(split + 4);
    const name = /\bname="?([^";\r\n]+)"?/.exec(head)?.[1];
    const filename = /\bfilename="?([^";\r\n]*)"?/.exec(head)?.[1];
    if (name && filename !== undefined) files[name] = { filename, data: Buffer.from(content) };
    else if (name) fields[name] = content.toString('utf8');
    start = next;
  }
  // Attached files are referenced as attach://<field> from the method's own field.
  for (const [key, value] of Object.entries(fields)) {
    const attached = typeof value === 'string' && value.startsWith('attach://') ? files[value.slice(9)] : undefined;
    if (attached) fields[key] = attached;
    else if (typeof value === 'string' && /^[[{]/.test(value)) fields[key] = JSON.parse(value);
  }
  for (const [key, file] of Object.entries(files)) if (!(key in fields)) fields[key] = file;
  return fields;
}
