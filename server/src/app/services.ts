import type { DataSource } from 'typeorm';
import type { Config } from '../config.js';
import type { Clock } from '../common/clock.js';
import { CredentialCipher } from '../common/crypto.js';
import { EventBus } from '../common/events.js';
import type { Logger } from '../common/logger.js';
import { AuthService } from '../modules/auth/auth.service.js';
import { AuthenticationService } from '../modules/auth/authentication.service.js';
import { ApiKeyService } from '../modules/integration/api-key.service.js';
import { BillingService } from '../modules/billing/billing.service.js';
import { AccountService } from '../modules/account/account.service.js';
import { BranchService } from '../modules/account/branch.service.js';
import { ContractorPinService } from '../modules/account/contractor-pin.service.js';
import { CategoryService } from '../modules/category/category.service.js';
import { OrderService } from '../modules/order/order.service.js';
import { OrderQueryService } from '../modules/order/order-queries.service.js';
import { SettingsService } from '../modules/settings/settings.service.js';
import { TariffService } from '../modules/tariff/tariff.service.js';
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
  const orderQueries = new OrderQueryService(cipher);
  const users = new UserService((ctx, contractorId) => orders.releaseAllHeldBy(ctx, contractorId));
  const authentication = new AuthenticationService(deps.botServiceToken, deps.clock, deps.log);
  const auth = new AuthService(deps.config);
  const apiKeys = new ApiKeyService();
  const billing = new BillingService(settings);
  const accounts = new AccountService(settings);
  const branches = new BranchService();
  const contractorPins = new ContractorPinService();
  const tariffs = new TariffService();
  const categories = new CategoryService();
  return {
    accounts,
    branches,
    contractorPins,
    tariffs,
    categories,
    eventBus,
    cipher,
    settings,
    orders,
    orderQueries,
    users,
    authentication,
    billing,
    auth,
    apiKeys,
  };
}

export type Services = ReturnType<typeof createServices>;
