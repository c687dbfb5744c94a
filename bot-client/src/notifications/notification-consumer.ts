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

type Notification = TelegramNotificationsSubscription['notifications'];

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
    void this.deps.sender
      .enqueue(chatId, () => this.deliver(chatId, n.id, delivery))
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

  private async deliver(chatId: string, id: string, delivery: Delivery): Promise<void> {
    if (await this.deps.blocked.isBlocked(chatId)) return;
    await this.perform(chatId, delivery);
    this.deps.journal.markSent(id);
  }

  private async perform(chatId: string, d: Delivery): Promise<void> {
    const api = this.deps.api;
    const extra = {
      parse_mode: 'HTML' as const,
      ...('keyboard' in d && d.keyboard ? { reply_markup: d.keyboard } : {}),
    };
    switch (d.kind) {
      case 'text': {
        const sent = await api.sendMessage(chatId, d.text, { ...extra, link_preview_options: { is_disabled: true } });
        if (d.offerCardOf) await this.deps.offerCards.remember(chatId, d.offerCardOf, sent.message_id);
        return;
      }
      case 'media':
        if (d.media === 'PHOTO') await api.sendPhoto(chatId, d.fileId, { ...extra, caption: d.caption });
        else if (d.media === 'DOCUMENT') await api.sendDocument(chatId, d.fileId, { ...extra, caption: d.caption });
        else await api.sendVoice(chatId, d.fileId, { ...extra, caption: d.caption });
        return;
      case 'offerGone': {
        const messageId = await this.deps.offerCards.take(chatId, d.orderId);
        // Without a card there is nothing stale to correct: the contractor never saw the offer here.
        if (messageId !== undefined) {
          await api.editMessageText(chatId, messageId, d.text, {
            parse_mode: 'HTML',
            reply_markup: new InlineKeyboard(),
          });
        }
        return;
      }
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
