import { randomUUID } from 'node:crypto';
import { InlineKeyboard, type Api, type RawApi } from 'grammy';
import type { GraphqlClient } from '../api/graphql-client.js';
import {
  AcknowledgeNotificationsDocument,
  BillingTimeZoneDocument,
  ReleaseNotificationsDocument,
  TelegramNotificationsDocument,
  type TelegramNotificationsSubscription,
} from '../generated/graphql.js';
import { localeOf, type Translations } from '../i18n/i18n.js';
import type { Logger } from '../logger.js';
import type { BlockedChats } from './blocked-chats.js';
import { SenderStoppedError, sleepUnlessAborted, type ChatSender } from './chat-sender.js';
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

/** A notification handed to the sender: by which stream (`epoch`), and how far it got. */
interface InFlight {
  epoch: number;
  progress: Progress;
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
 *
 * Several bot instances may run: the server lets one of them (by `consumerId`, one per process) deliver at a
 * time and keeps the others' streams silent until it releases the channel (on stop) or stops renewing it.
 * Only what the current stream gave is sent: when a stream ends, whatever has not gone yet is given up
 * (`ChatSender.abandon`) and comes again in the next stream's replay — to this instance or another.
 */
export class NotificationConsumer {
  /** This process's id as a consumer of the TELEGRAM channel. */
  readonly consumerId = randomUUID();
  private readonly abort = new AbortController();
  private readonly inFlight = new Map<string, InFlight>();
  /** Counts streams: what an earlier stream gave and is still unsent has been given up. */
  private epoch = 0;
  /**
   * TIMEZONE as the server said when the stream opened: the zone of a notification whose payload names none
   * (rows written before payloads carried it). Asked again on every (re)connect.
   */
  private timeZoneNow: string | undefined;
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
    try {
      await this.deps.graphql.asService(ReleaseNotificationsDocument, { consumer: this.consumerId });
    } catch (error) {
      // The channel lapses by itself after TELEGRAM_DELIVERY_LEASE_SECONDS.
      this.deps.logger.warn({ err: error instanceof Error ? error.message : error }, 'notifications not released');
    }
    await this.deps.graphql.close();
  }

  private async loop(): Promise<void> {
    let backoff = 500;
    while (!this.abort.signal.aborted) {
      try {
        this.timeZoneNow = (await this.deps.graphql.asService(BillingTimeZoneDocument, {})).billingTimeZone;
        await this.deps.graphql.subscribe(
          TelegramNotificationsDocument,
          { consumer: this.consumerId },
          (data) => this.receive(data.notifications),
          this.abort.signal,
        );
        backoff = 500;
        if (!this.abort.signal.aborted) {
          // The server ended it: another instance delivers now. Subscribe again and wait for the channel.
          this.deps.logger.info('notifications stream ended; subscribing again');
          this.abandonStream();
        }
      } catch (error) {
        if (this.abort.signal.aborted) break;
        this.abandonStream();
        this.deps.logger.warn(
          { err: error instanceof Error ? error.message : error, backoff },
          'notifications stream lost; reconnecting',
        );
        await this.deps.graphql.close();
        // Ends early when the bot stops: a stop does not sit out a backoff of up to 30 s.
        await sleepUnlessAborted(backoff, this.abort.signal);
        backoff = Math.min(backoff * 2, 30_000);
      }
    }
  }

  /** What the ended stream gave and has not gone yet may be another instance's to send now. */
  private abandonStream(): void {
    this.epoch += 1;
    this.deps.sender.abandon();
  }

  /**
   * Called in stream order; only hands the notification to its chat's queue (order kept per chat). The sender
   * retries a failed send for as long as the stream lasts, holding that chat's later ones back; while it is
   * queued or retried, a repeat of the same notification in the same stream is ignored. One an earlier stream
   * gave (given up, or still being sent) is queued again: sent unless it went meanwhile (the journal).
   */
  private async receive(n: Notification): Promise<void> {
    const earlier = this.inFlight.get(n.id);
    if (earlier?.epoch === this.epoch) return;
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
        this.timeZoneNow,
      );
    } catch (error) {
      // A payload this version cannot render: retrying would not help; it comes again after a restart.
      this.deps.logger.error({ err: error, notificationId: n.id, kind: n.kind }, 'notification not rendered');
      return;
    }
    // A retried send goes on after the messages already sent (a long notification is several).
    const entry: InFlight = { epoch: this.epoch, progress: earlier?.progress ?? { sent: 0 } };
    this.inFlight.set(n.id, entry);
    void this.deps.sender
      .enqueue(chatId, () => this.deliver(chatId, n.id, delivery, entry.progress))
      .then(async (outcome) => {
        if (outcome === 'blocked') await this.deps.blocked.mark(chatId);
        this.acknowledge(n.id);
      })
      .catch((error: unknown) => {
        // The bot stops or the stream ended: left unacknowledged, the server replays it.
        if (error instanceof SenderStoppedError) {
          this.deps.logger.info({ notificationId: n.id, kind: n.kind }, 'notification left for the next stream');
        } else {
          this.deps.logger.error({ err: error, notificationId: n.id, kind: n.kind }, 'notification not delivered');
        }
      })
      .finally(() => {
        if (this.inFlight.get(n.id) === entry) this.inFlight.delete(n.id);
      });
  }

  private async deliver(chatId: string, id: string, delivery: Delivery, progress: Progress): Promise<void> {
    // Queued again from a later stream while an earlier one was being sent: that one went.
    if (this.deps.journal.wasSent(id)) return;
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
