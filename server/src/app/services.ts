import type { DataSource } from 'typeorm';
import type { Config } from '../config.js';
import type { Clock } from '../common/clock.js';
import { CredentialCipher } from '../common/crypto.js';
import { EventBus } from '../common/events.js';
import type { Logger } from '../common/logger.js';
import { AuthenticationService } from '../modules/auth/authentication.service.js';
import { OrderService } from '../modules/order/order.service.js';
import { SettingsService } from '../modules/settings/settings.service.js';
import { UserService } from '../modules/user/user.service.js';

export interface ServiceDeps {
  config: Config;
  dataSource: DataSource;
  clock: Clock;
  log: Logger;
  encryptionKey: string;
  botServiceToken?: string;
}

/** The composition root: the one place that constructs every service and hands each its collaborators. */
export function createServices(deps: ServiceDeps) {
  const eventBus = new EventBus();
  const cipher = new CredentialCipher(deps.encryptionKey, deps.config.previousEncryptionKeys);
  const settings = new SettingsService();
  const orders = new OrderService(settings, cipher);
  const users = new UserService((ctx, contractorId) => orders.releaseAllHeldBy(ctx, contractorId));
  const authentication = new AuthenticationService(deps.botServiceToken, deps.clock, deps.log);
  return { eventBus, cipher, settings, orders, users, authentication };
}

export type Services = ReturnType<typeof createServices>;
