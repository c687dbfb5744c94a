import { BranchEntity, ClientAccountEntity, PinnedContractorEntity } from '../modules/account/account.entity.js';
import { LoginAttemptEntity, LoginLinkEntity, WebSessionEntity } from '../modules/auth/auth.entity.js';
import { InvoiceEntity } from '../modules/billing/invoice.entity.js';
import { BillingPeriodEntity, PayoutEntity } from '../modules/billing/payout.entity.js';
import { CategoryEntity, ContractorCategoryEntity } from '../modules/category/category.entity.js';
import { ApiKeyEntity, AuditLogEntity } from '../modules/integration/api-key.entity.js';
import { NotificationEntity } from '../modules/notification/notification.entity.js';
import { OrderEntity, OrderEventEntity, OrderItemEntity, OrderMessageEntity } from '../modules/order/order.entity.js';
import { SettingEntity } from '../modules/settings/setting.entity.js';
import { SlaWarningEntity } from '../modules/sla/sla-warning.entity.js';
import { TariffEntity, TariffPriceEntity } from '../modules/tariff/tariff.entity.js';
import { UserEntity } from '../modules/user/user.entity.js';

/** Every entity, listed explicitly (globs break under vitest and in ESM). */
export const entities = [
  UserEntity,
  ClientAccountEntity,
  BranchEntity,
  PinnedContractorEntity,
  TariffEntity,
  TariffPriceEntity,
  CategoryEntity,
  ContractorCategoryEntity,
  OrderEntity,
  OrderItemEntity,
  OrderEventEntity,
  OrderMessageEntity,
  NotificationEntity,
  SettingEntity,
  SlaWarningEntity,
  InvoiceEntity,
  BillingPeriodEntity,
  PayoutEntity,
  WebSessionEntity,
  LoginLinkEntity,
  LoginAttemptEntity,
  ApiKeyEntity,
  AuditLogEntity,
];
