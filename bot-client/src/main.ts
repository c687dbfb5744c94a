import { BotConfigError, parseBotConfig } from './config.js';
import { createBotLogger } from './logger.js';
import { startBot } from './bot-runtime.js';
import { stopWithin } from './stop-deadline.js';

/** The bot process: configuration from the environment, then polling or webhook until SIGINT/SIGTERM. */
async function main(): Promise<void> {
  let config;
  try {
    config = parseBotConfig(process.env);
  } catch (error) {
    if (error instanceof BotConfigError) {
      console.error(`itsupport-bot: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createBotLogger(config.logLevel);
  const runtime = await startBot(config, logger);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'bot stopping');
    process.exit(await stopWithin(() => runtime.stop(), config.stopTimeoutMs, logger));
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error('itsupport-bot failed to start:', error);
  process.exit(1);
});
