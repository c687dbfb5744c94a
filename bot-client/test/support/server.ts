/**
 * The one place the bot's tests reach into the server: they start the real server in-process through its test
 * harness (a ManualClock moves the server's time for the SLA flows) and seed data with its set-up helpers.
 * The bot's own code (src/) imports nothing from the server — ESLint forbids it; its contract is
 * schema/schema.graphql.
 */
export { jobCtx, newTelegramId, startTestSystem, type Caller, type TestSystem } from '../../../server/test/harness.js';
export {
  seedAccount,
  seedBranch,
  seedCaller,
  seedInvoice,
  seedOrder,
  seedSetting,
  seedTariff,
} from '../../../server/test/seed.js';
export { sweep } from '../../../server/test/sla.helpers.js';
