import { pino, type Logger } from 'pino';

export type { Logger };

/** One structured JSON logger per process; modules take children of it. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'itsupport-server' },
    redact: {
      paths: ['*.password', '*.credentials', '*.token', 'req.headers.authorization', 'req.headers.cookie'],
      censor: '[redacted]',
    },
  });
}
