import type { DomainEvent } from '../../common/events.js';
import type { SettingKey } from './settings.definitions.js';

/**
 * A setting was changed by its owner; raised inside the transaction that stores it, so modules
 * whose stored moments depend on it (the SLA due moments) recompute them in the same transaction.
 */
export class SettingChanged implements DomainEvent {
  readonly type = 'SettingChanged';
  constructor(
    readonly key: SettingKey,
    readonly from: string | null,
    readonly to: string,
  ) {}
}
