import path from 'node:path';
import { z } from 'zod';

/** Booleans from the environment: only these spellings are accepted, anything else is an error. */
const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
    .optional()
    .transform((v) => (v === undefined ? fallback : v === 'true' || v === '1' || v === 'yes'));

const int = <F extends number | undefined>(fallback: F, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx): number | F => {
      if (v === undefined || v === '') return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `expected a whole number from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    });

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).optional().default('development'),
  PORT: int(4000, 0, 65535),
  HOST: z.string().optional().default('0.0.0.0'),
  PUBLIC_URL: z.url({ message: 'expected an absolute URL such as https://helpdesk.example.com' }).optional(),
  DATA_DIR: z.string().optional().default('./data'),
  DATABASE_URL: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()))
    .refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
      message: 'expected a postgres:// or postgresql:// connection URL',
    }),
  DATABASE_POOL_SIZE: int(10, 1, 200),
  DATABASE_PREPARED_STATEMENTS: flag(true),
  ENCRYPTION_KEY: optionalText.refine((v) => v === undefined || Buffer.from(v, 'base64').length === 32, {
    message: 'expected 32 random bytes in base64 (openssl rand -base64 32)',
  }),
  ENCRYPTION_PREVIOUS_KEYS: optionalText.refine(
    (v) => v === undefined || v.split(',').every((k) => Buffer.from(k.trim(), 'base64').length === 32),
    { message: 'expected a comma-separated list of base64 keys of 32 bytes each' },
  ),
  BOT_SERVICE_TOKEN: optionalText.refine((v) => v === undefined || v.length >= 24, {
    message: 'expected a random token of at least 24 characters',
  }),
  BOOTSTRAP_OWNER_USERNAME: optionalText.refine((v) => v === undefined || /^@?[A-Za-z0-9_]{5,32}$/.test(v), {
    message: 'expected a Telegram @username of 5 to 32 letters, digits or underscores',
  }),
  BOOTSTRAP_OWNER_TELEGRAM_ID: optionalText.refine((v) => v === undefined || /^[1-9][0-9]{0,15}$/.test(v), {
    message: 'expected a numeric Telegram user id',
  }),
  GRAPHQL_INTROSPECTION: flag(true),
  GRAPHQL_PLAYGROUND: flag(true),
  GRAPHQL_MAX_DEPTH: int(10, 2, 50),
  GRAPHQL_MAX_COMPLEXITY: int(20000, 100, 1_000_000),
  SESSION_TTL_HOURS: int(24 * 7, 1, 24 * 365),
  LOGIN_LINK_TTL_MINUTES: int(10, 1, 60),
  JOBS_ENABLED: flag(true),
  AGENDA_MONGO_URL: optionalText.refine((v) => v === undefined || /^mongodb(\+srv)?:\/\//.test(v), {
    message: 'expected a mongodb:// or mongodb+srv:// connection URL',
  }),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional().default('info'),
  BACKUPS_ENABLED: flag(true),
  BACKUP_DIR: optionalText,
  BACKUP_KEEP_DAILY: int(30, 1, 10_000),
  BACKUP_KEEP_MONTHLY: int(24, 1, 10_000),
  BACKUP_KEEP_YEARLY: int(7, 1, 1_000),
  PG_DUMP_PATH: optionalText,
  SMTP_URL: optionalText.refine((v) => v === undefined || /^smtps?:\/\/[^/]+/.test(v), {
    message: 'expected smtp://user:password@host:587 or smtps://user:password@host:465',
  }),
  SMTP_FROM: optionalText,
  METRICS_TOKEN: optionalText.refine((v) => v === undefined || v.length >= 16, {
    message: 'expected a random token of at least 16 characters',
  }),
  TELEGRAM_DELIVERY_LEASE_SECONDS: int(15, 1, 600),
  WORKER_PORT: int(undefined, 0, 65535),
});

export type Config = ReturnType<typeof parseConfig>;

/** A configuration problem that stops start-up; its message is one line naming the variable. */
export class ConfigError extends Error {}

/** Parses the environment once. Throws ConfigError naming the first bad variable. */
export function parseConfig(env: NodeJS.ProcessEnv = process.env) {
  const result = schema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    const shown = env[name] === undefined ? 'unset' : JSON.stringify(env[name]);
    throw new ConfigError(`Invalid configuration: ${name}=${shown}: ${issue.message}`);
  }
  const c = result.data;
  if (c.DATABASE_URL && !c.ENCRYPTION_KEY) {
    throw new ConfigError(
      'Invalid configuration: ENCRYPTION_KEY=unset: required with DATABASE_URL (openssl rand -base64 32); ' +
        'only the embedded database generates one itself',
    );
  }
  return {
    env: c.NODE_ENV,
    port: c.PORT,
    host: c.HOST,
    publicUrl: (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, ''),
    dataDir: c.DATA_DIR,
    databaseUrl: c.DATABASE_URL,
    databasePoolSize: c.DATABASE_POOL_SIZE,
    /** Named prepared statements on a PostgreSQL server (off behind PgBouncer in transaction mode). */
    databasePreparedStatements: c.DATABASE_PREPARED_STATEMENTS,
    encryptionKey: c.ENCRYPTION_KEY,
    previousEncryptionKeys: c.ENCRYPTION_PREVIOUS_KEYS?.split(',').map((k) => k.trim()) ?? [],
    botServiceToken: c.BOT_SERVICE_TOKEN,
    bootstrapOwnerUsername: c.BOOTSTRAP_OWNER_USERNAME?.replace(/^@/, ''),
    bootstrapOwnerTelegramId: c.BOOTSTRAP_OWNER_TELEGRAM_ID,
    introspection: c.GRAPHQL_INTROSPECTION,
    playground: c.GRAPHQL_PLAYGROUND,
    maxDepth: c.GRAPHQL_MAX_DEPTH,
    maxComplexity: c.GRAPHQL_MAX_COMPLEXITY,
    sessionTtlHours: c.SESSION_TTL_HOURS,
    loginLinkTtlMinutes: c.LOGIN_LINK_TTL_MINUTES,
    logLevel: c.LOG_LEVEL,
    /** Whether the daily backup job runs (PRODUCT §11); `pnpm cli backup` works either way. */
    backupsEnabled: c.BACKUPS_ENABLED,
    /** Where backups are written; default `<DATA_DIR>/backups`. */
    backupDir: c.BACKUP_DIR ?? path.join(c.DATA_DIR, 'backups'),
    /** How many backups of each retention tier are kept (PRODUCT §11). */
    backupKeep: { daily: c.BACKUP_KEEP_DAILY, monthly: c.BACKUP_KEEP_MONTHLY, yearly: c.BACKUP_KEEP_YEARLY },
    /** pg_dump to use with a PostgreSQL server (pg_restore is looked for next to it); default: PATH. */
    pgDumpPath: c.PG_DUMP_PATH,
    /** Whether this process runs the scheduled jobs (SLA, billing, …); `pnpm worker` always does. */
    jobsEnabled: c.JOBS_ENABLED,
    /** Keep Agenda's jobs in MongoDB instead of the application database. */
    agendaMongoUrl: c.AGENDA_MONGO_URL,
    /** The mail server for e-mail notifications (PRODUCT.md §6); unset: no EMAIL notifications are written. */
    smtpUrl: c.SMTP_URL,
    /** The sender of e-mail notifications. */
    smtpFrom: c.SMTP_FROM ?? `ITSupport <no-reply@${new URL(c.PUBLIC_URL ?? 'http://localhost').hostname}>`,
    /**
     * How long the bot instance delivering TELEGRAM notifications keeps the channel without renewal: how soon
     * a waiting instance takes over from one that died.
     */
    telegramDeliveryLeaseSeconds: c.TELEGRAM_DELIVERY_LEASE_SECONDS,
    /** GET /metrics answers only `Authorization: Bearer <this>` when set; anyone who reaches the port otherwise. */
    metricsToken: c.METRICS_TOKEN,
    /**
     * `pnpm worker`'s port for /healthz, /readyz and /metrics (on HOST). Unset: the worker opens no port — PORT
     * is the server's, and several workers on one machine would fight over any default.
     */
    workerPort: c.WORKER_PORT,
  };
}
