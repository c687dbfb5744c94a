import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Clock } from '../common/clock.js';
import type { Ctx } from '../common/context.js';
import type { EventBus } from '../common/events.js';
import { createLoaders } from '../common/loaders.js';
import type { Logger } from '../common/logger.js';

/**
 * A context for one job run: nobody in particular is calling (history rows get no actor), the pool's
 * manager, the injected clock (tests move it), and the process's event bus.
 */
export function jobContext(
  deps: { dataSource: DataSource; clock: Clock; log: Logger; eventBus: EventBus },
  jobName: string,
): Ctx {
  const requestId = `job:${jobName}:${randomUUID()}`;
  return {
    requestId,
    principal: { kind: 'anonymous' },
    em: deps.dataSource.manager,
    clock: deps.clock,
    log: deps.log.child({ job: jobName, requestId }),
    loaders: createLoaders(deps.dataSource.manager),
    eventBus: deps.eventBus,
  };
}
