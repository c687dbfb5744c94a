import { InlineKeyboard, type Api, type RawApi } from 'grammy';
import type { GraphqlClient } from '../api/graphql-client.js';
import {
  AcknowledgeNotificationsDocument,
  TelegramNotificationsDocument,
  type TelegramNotificationsSubscription,
} from '../generated/graphql.js';
import { localeOf, type Translations } from '../i18n/i18n.js';
import type { Logger } from '../logger.js';
import type { BlockedChats } from './blocked-chats.js';
import { SenderStoppedError, type ChatSender } from './chat-sender.js';
import type { DeliveryJournal } from './delivery-journal.js';
import { renderNotification, type Delivery } from './notification-render.js';
import type { OfferCards } from './offer-cards.js';
import { fitMessage } from './telegram-limits.js';

type Notification = TelegramNotificationsSubscription['notifications'];

/** How far a delivery got: messages sent (a retry goes on from there), the offer card's message. */
interface Progress {
  sent: number;
  cardMessageId?: number;
}

export interface NotificationConsumerDeps {
  graphql: GraphqlClient;
  api: Api<RawApi>;
  translations: Translations;
  logger: Logger;
  sender: ChatSender;
  journal: DeliveryJournal;
  offerCards: OfferCards;
  blocked: BlockedChats;
}

/** Acknowledgements are sent in batches (≤ 1000 ids per call, README). */
const ACK_BATCH = 200;
const ACK_DELAY_MS = 200;

/**
 * Delivers the server's TELEGRAM notifications (README "Live events and notifications"): subscribes (the
 * server replays everything not acknowledged, then live ones), renders each for its recipient in their
 * language, sends it in per-chat order within Telegram's limits, and acknowledges it. Reconnects with
 * backoff. Deduplicated by id across restarts through the delivery journal.
 */
export class NotificationConsumer {
  private readonly abort = new AbortController();
  private readonly inFlight = new Set<string>();
  private pendingAcks: string[] = [];
  private ackTimer: NodeJS.Timeout | undefined;
  private ackChain = Promise.resolve();
  private running: Promise<void> | undefined;

  constructor(private readonly deps: NotificationConsumerDeps) {}

  start(): void {
    this.running ??= this.loop();
  }

  /**
   * Stops receiving, lets queued sends finish and acknowledges them. A send waiting to be retried (and what
   * waits behind it in its chat) is left unacknowledged: the server replays it on the next start.
   */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
    this.deps.sender.stop();
    await this.deps.sender.idle();
    await this.flushAcks();
    await this.deps.graphql.close();
  }

  private async loop(): Promise<void> {
    let backoff = 500;
    while (!this.abort.signal.aborted) {
      try {
        await this.deps.graphql.subscribe(
          TelegramNotificationsDocument,
          {},
          (data) => this.receive(data.notifications),
          this.abort.signal,
        );
        backoff = 500;
      } catch (error) {
        if (this.abort.signal.aborted) break;
        this.deps.logger.warn(
          { err: error instanceof Error ? error.message : error, backoff },
          'notifications stream lost; reconnecting',
        );
        await this.deps.graphql.close();
        await sleep(backoff);
        backoff = Math.min(backoff * 2, 30_000);
      }
    }
  }

  /**
   * Called in stream order; only hands the notification to its chat's queue (order kept per chat). The sender
   * retries a failed send for as long as the bot runs, holding that chat's later ones back; while it is queued
   * or retried, a replay of the same notification (after a reconnect) is ignored.
   */
  private async receive(n: Notification): Promise<void> {
    if (this.inFlight.has(n.id)) return;
    if (this.deps.journal.wasSent(n.id) || !n.recipientTelegramId) return this.acknowledge(n.id);
    const chatId = n.recipientTelegramId;
    const locale = localeOf(n.recipientLanguage);
    let delivery: Delivery;
    try {
      delivery = renderNotification(
        n.kind,
        n.payload as Record<string, unknown>,
        this.deps.translations.for(locale),
        locale,
      );
    } catch (error) {
      // A payload this version cannot render: retrying would not help; it comes again after a restart.
      this.deps.logger.error({ err: error, notificationId: n.id, kind: n.kind }, 'notification not rendered');
      return;
    }
    this.inFlight.add(n.id);
    // A retried send goes on after the messages already sent (a long notification is several).
    const progress: Progress = { sent: 0 };
    void this.deps.sender
      .enqueue(chatId, () => this.deliver(chatId, n.id, delivery, progress))
      .then(async (outcome) => {
        if (outcome === 'blocked') await this.deps.blocked.mark(chatId);
        this.acknowledge(n.id);
      })
      .catch((error: unknown) => {
        // Only when the bot stops: left unacknowledged, the server replays it on the next start.
        if (error instanceof SenderStoppedError) {
          this.deps.logger.info({ notificationId: n.id, kind: n.kind }, 'notification left for the next start');
        } else {
          this.deps.logger.error({ err: error, notificationId: n.id, kind: n.kind }, 'notification not delivered');
        }
      })
      .finally(() => this.inFlight.delete(n.id));
  }

  private async deliver(chatId: string, id: string, delivery: Delivery, progress: Progress): Promise<void> {
    if (await this.deps.blocked.isBlocked(chatId)) return;
    if (delivery.kind === 'offerGone') await this.offerGone(chatId, delivery);
    else await this.send(chatId, delivery, progress);
    this.deps.journal.markSent(id);
  }

  /** Sends the notification's messages, each within Telegram's limits (a long one as several), in order. */
  private async send(chatId: string, d: Exclude<Delivery, { kind: 'offerGone' }>, progress: Progress): Promise<void> {
    const api = this.deps.api;
    const messages = fitMessage(
      d.kind === 'text'
        ? { kind: 'text', text: d.text, ...(d.keyboard ? { keyboard: d.keyboard } : {}) }
        : {
            kind: 'media',
            media: d.media,
            fileId: d.fileId,
            caption: d.caption,
            ...(d.keyboard ? { keyboard: d.keyboard } : {}),
          },
    );
    for (; progress.sent < messages.length; progress.sent++) {
      const m = messages[progress.sent]!;
      const extra = { parse_mode: 'HTML' as const, ...(m.keyboard ? { reply_markup: m.keyboard } : {}) };
      if (m.kind === 'text') {
        const sent = await api.sendMessage(chatId, m.text, { ...extra, link_preview_options: { is_disabled: true } });
        // The card is the message with the Take button (the last): the one marked gone later.
        if (m.keyboard && d.kind === 'text' && d.offerCardOf) progress.cardMessageId = sent.message_id;
      } else {
        const caption = m.caption ? { caption: m.caption } : {};
        if (m.media === 'PHOTO') await api.sendPhoto(chatId, m.fileId, { ...extra, ...caption });
        else if (m.media === 'DOCUMENT') await api.sendDocument(chatId, m.fileId, { ...extra, ...caption });
        else await api.sendVoice(chatId, m.fileId, { ...extra, ...caption });
      }
    }
    if (d.kind === 'text' && d.offerCardOf && progress.cardMessageId !== undefined) {
      await this.deps.offerCards.remember(chatId, d.offerCardOf, progress.cardMessageId);
    }
  }

  private async offerGone(chatId: string, d: Extract<Delivery, { kind: 'offerGone' }>): Promise<void> {
    const messageId = await this.deps.offerCards.take(chatId, d.orderId);
    // Without a card there is nothing stale to correct: the contractor never saw the offer here.
    if (messageId !== undefined) {
      await this.deps.api.editMessageText(chatId, messageId, d.text, {
        parse_mode: 'HTML',
        reply_markup: new InlineKeyboard(),
      });
    }
  }

  private acknowledge(id: string): void {
    this.pendingAcks.push(id);
    if (this.pendingAcks.length >= ACK_BATCH) void this.flushAcks();
    else this.ackTimer ??= setTimeout(() => void this.flushAcks(), ACK_DELAY_MS);
  }

  private flushAcks(): Promise<void> {
    clearTimeout(this.ackTimer);
    this.ackTimer = undefined;
    const ids = this.pendingAcks;
    this.pendingAcks = [];
    this.ackChain = this.ackChain.then(async () => {
      if (!ids.length) return;
      try {
        await this.deps.graphql.asService(AcknowledgeNotificationsDocument, { ids });
        this.deps.journal.markAcknowledged(ids);
      } catch (error) {
        // Journaled as sent: a replay after reconnecting is acknowledged without sending again.
        this.deps.logger.warn(
          { err: error instanceof Error ? error.message : error, count: ids.length },
          'acknowledgement failed',
        );
      }
    });
    return this.ackChain;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
