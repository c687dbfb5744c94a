import { pino, type Logger } from 'pino';

export type { Logger };

/** The bot's structured JSON logger; credentials and tokens never reach it. */
export function createBotLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'itsupport-bot' },
    redact: { paths: ['*.credentials', '*.token', '*.serviceToken'], censor: '[redacted]' },
  });
}
