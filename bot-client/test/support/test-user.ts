import type { BotTestEnv } from './bot-test-env.js';
import { BOT_TOKEN } from './bot-test-env.js';

export interface TestPerson {
  telegramId: string;
  firstName?: string;
  username?: string;
  languageCode?: string;
}

/** A chat other than the person's private chat with the bot (a group, a supergroup, a channel). */
export interface TestChat {
  id: number;
  type: 'group' | 'supergroup' | 'channel' | 'private';
  title?: string;
}

export interface Button {
  text: string;
  data?: string;
  url?: string;
}

/** A message from the bot as the person sees it now (after edits), text or media. */
export interface BotMessage {
  messageId: number;
  text: string;
  buttons: Button[][];
  /** sendPhoto, sendDocument, sendVoice for media; sendMessage otherwise. */
  method: string;
  fileId?: string;
}

const WAIT_MS = 15_000;

/** A person chatting with the bot through telegram-test-api (and the test Bot API for media). */
export class TestUser {
  constructor(
    private readonly env: BotTestEnv,
    readonly person: TestPerson,
  ) {}

  private get chatId(): number {
    return Number(this.person.telegramId);
  }

  /** This person as Telegram's `from` (a `User`). */
  from() {
    return {
      id: this.chatId,
      is_bot: false,
      first_name: this.person.firstName ?? 'Test',
      ...(this.person.username ? { username: this.person.username } : {}),
      language_code: this.person.languageCode ?? 'ru',
    };
  }

  private chat() {
    return { id: this.chatId, type: 'private' as const, first_name: this.person.firstName ?? 'Test' };
  }

  private nextMessageId(): number {
    return (this.env.telegram as unknown as { messageId: number }).messageId;
  }

  /** Sends text (a command when it starts with "/"); returns the message id it got. */
  async send(text: string): Promise<number> {
    const id = this.nextMessageId();
    const base = {
      botToken: BOT_TOKEN,
      date: Math.floor(Date.now() / 1000),
      from: this.from(),
      chat: this.chat(),
      text,
    };
    if (text.startsWith('/')) {
      const length = text.includes(' ') ? text.indexOf(' ') : text.length;
      await this.env.telegram.addUserCommand({
        ...base,
        entities: [{ offset: 0, length, type: 'bot_command' }],
      } as never);
    } else {
      await this.env.telegram.addUserMessage(base as never);
    }
    return id;
  }

  /**
   * Sends a message with any content Telegram allows (a sticker, a location, a contact, a forward…): `content` is
   * merged into the message. In this person's private chat, or in `chat` (a group) when given.
   */
  async sendRaw(content: Record<string, unknown>, chat?: TestChat): Promise<number> {
    const id = this.nextMessageId();
    await this.env.telegram.addUserMessage({
      botToken: BOT_TOKEN,
      date: Math.floor(Date.now() / 1000),
      from: this.from(),
      chat: chat ?? this.chat(),
      ...content,
    } as never);
    return id;
  }

  /** Sends a media message (photo, document or voice) by Telegram file id. */
  async sendMedia(kind: 'photo' | 'document' | 'voice', fileId: string, caption?: string): Promise<number> {
    const id = this.nextMessageId();
    const file = { file_id: fileId, file_unique_id: `u-${fileId}`, file_size: 1234 };
    const media =
      kind === 'photo'
        ? { photo: [{ ...file, width: 90, height: 90 }] }
        : kind === 'document'
          ? { document: { ...file, file_name: 'report.pdf', mime_type: 'application/pdf' } }
          : { voice: { ...file, duration: 3, mime_type: 'audio/ogg' } };
    await this.env.telegram.addUserMessage({
      botToken: BOT_TOKEN,
      date: Math.floor(Date.now() / 1000),
      from: this.from(),
      chat: this.chat(),
      ...media,
      ...(caption ? { caption } : {}),
    } as never);
    return id;
  }

  /** Presses a button of a message; returns the text the bot answered the press with ('' when none). */
  async press(message: BotMessage, label: string | RegExp): Promise<string> {
    const button = message.buttons
      .flat()
      .find((b) => (typeof label === 'string' ? b.text === label : label.test(b.text)));
    if (!button?.data) throw new Error(`no button ${label} in ${JSON.stringify(message)}`);
    return this.pressData(message.messageId, button.data);
  }

  /** Presses a button with raw callback data (a double press, a stale copy…). */
  async pressData(messageId: number, data: string, chat?: TestChat): Promise<string> {
    // telegram-test-api gives two presses made at the same moment the same callback id: one at a time.
    const server = this.env.telegram as unknown as { callbackId: number; pressing?: Promise<unknown> };
    let callbackId = '';
    const press = (server.pressing ?? Promise.resolve()).then(async () => {
      callbackId = String(server.callbackId);
      await this.env.telegram.addUserCallback({
        botToken: BOT_TOKEN,
        date: Math.floor(Date.now() / 1000),
        from: this.from(),
        message: { message_id: messageId, chat: chat ?? this.chat(), date: Math.floor(Date.now() / 1000) },
        data,
      } as never);
    });
    server.pressing = press;
    await press;
    const answer = await waitFor(() =>
      this.env.api.callsOf('answerCallbackQuery').find((a) => String(a.callback_query_id) === callbackId),
    );
    return String(answer.text ?? '');
  }

  /** Every message the bot has in this chat now (deleted ones gone, edits applied), oldest first. */
  messages(): BotMessage[] {
    const texts: BotMessage[] = this.env.telegram.storage.botMessages
      .filter((u) => String(u.message.chat_id) === String(this.chatId))
      .map((u) => {
        const markup = u.message.reply_markup as
          { inline_keyboard?: { text: string; callback_data?: string; url?: string }[][] } | undefined;
        return {
          messageId: u.messageId,
          text: String(u.message.text ?? ''),
          method: 'sendMessage',
          buttons: (markup?.inline_keyboard ?? [])
            .map((row) =>
              row.map((b) => ({
                text: b.text,
                ...(b.callback_data ? { data: b.callback_data } : {}),
                ...(b.url ? { url: b.url } : {}),
              })),
            )
            .filter((row) => row.length > 0),
        };
      });
    const media: BotMessage[] = this.env.api.media
      .filter((m) => m.chatId === String(this.chatId))
      .map((m) => ({
        messageId: m.messageId,
        text: String(m.body.caption ?? ''),
        method: m.method,
        fileId: String(m.body.photo ?? m.body.document ?? m.body.voice),
        buttons: ((m.body.reply_markup?.inline_keyboard ?? []) as { text: string; callback_data?: string }[][]).map(
          (row) => row.map((b) => ({ text: b.text, ...(b.callback_data ? { data: b.callback_data } : {}) })),
        ),
      }));
    return [...texts, ...media];
  }

  /** Waits for a bot message matching `test` (text or predicate) and returns it. */
  async waitForMessage(test: RegExp | ((m: BotMessage) => boolean)): Promise<BotMessage> {
    const match = typeof test === 'function' ? test : (m: BotMessage) => test.test(m.text);
    return waitFor(() => [...this.messages()].reverse().find(match));
  }

  /** Whether a message this person sent is still in the chat. */
  stillHas(messageId: number): boolean {
    return this.env.telegram.storage.userMessages.some(
      (u) =>
        u.messageId === messageId &&
        'message' in u &&
        String((u.message as { chat?: { id: number } }).chat?.id) === String(this.chatId),
    );
  }
}

/** Polls until `probe` returns something (or fails the test after a while). */
export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, ms = WAIT_MS): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${probe.toString().slice(0, 200)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
