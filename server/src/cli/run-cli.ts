import { parseArgs } from 'node:util';
import { ConfigError, parseConfig } from '../config.js';
import { createLogger } from '../common/logger.js';
import { CommandError, UsageError, type CliOutput } from './cli-error.js';
import { createOwner } from './create-owner.command.js';
import { migrateToPostgres } from './migrate-to-postgres.command.js';
import { reencryptCredentials } from './reencrypt-credentials.command.js';
import { backupNow, restoreCommand } from './backup.command.js';
import { DataDirLockedError } from '../database/embedded.js';

export const USAGE = `Usage: pnpm cli <command> [options]   (or: node server/dist/cli.js <command> [options])

Commands:
  create-owner --username <name> [--telegram-id <id>] [--password <pw> | --password-stdin]
      Creates an OWNER who can sign in to the admin panel with a password, or sets the password
      of the existing owner with that username. The password (10-200 characters) comes from
      --password, from --password-stdin, or from the environment variable ITSUPPORT_OWNER_PASSWORD
      (preferred: it stays out of the shell history).

  migrate-to-postgres --target <postgres-url>
      Copies the embedded database in DATA_DIR into an empty PostgreSQL database: runs the
      migrations there, copies every row in one transaction, sets the sequences and verifies the
      row counts. Stop the server first. Then start it with DATABASE_URL=<postgres-url> and the
      ENCRYPTION_KEY from DATA_DIR/secrets/encryption.key.

  reencrypt-credentials
      Key rotation: re-encrypts every stored order credential written with a key from
      ENCRYPTION_PREVIOUS_KEYS under the current ENCRYPTION_KEY, in one transaction. Afterwards
      the previous keys can be removed from the configuration.

  backup
      Takes a backup now into BACKUP_DIR (default DATA_DIR/backups), as the daily job does: pg_dump
      (custom format) with a PostgreSQL server, the embedded database's own dump (.tar.gz) otherwise,
      each with a .sha256 file next to it; then applies retention (BACKUP_KEEP_DAILY/MONTHLY/YEARLY).
      With the embedded database, stop the server first (a running server takes its own backups).

  restore --file <dump> [--target <postgres-url>]
      Loads a backup into a FRESH database after verifying its .sha256 checksum. A pg_dump file goes
      into the empty PostgreSQL database at --target (default DATABASE_URL) with pg_restore; an
      embedded .tar.gz goes into DATA_DIR, which must not hold a database yet. Refuses a non-empty
      target or a damaged dump without writing anything. Prints every table's row count.

  help
      Prints this text.

The database is the one the server would use: DATABASE_URL if set, else the embedded one in
DATA_DIR (default ./data). Exit codes: 0 done, 1 failed, 2 wrong usage.`;

/** Runs one CLI command; returns the process exit code. */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv, out: CliOutput, stdin?: () => Promise<string>) {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'help':
      case '--help':
      case '-h':
        out.print(USAGE);
        return 0;
      case 'create-owner': {
        const { values } = parseArgs({
          args: rest,
          options: {
            username: { type: 'string' },
            'telegram-id': { type: 'string' },
            password: { type: 'string' },
            'password-stdin': { type: 'boolean' },
          },
          strict: true,
          allowPositionals: false,
        });
        if (!values.username) throw new UsageError('create-owner needs --username <name>');
        let password = values.password ?? env.ITSUPPORT_OWNER_PASSWORD;
        if (values['password-stdin']) {
          if (!stdin) throw new UsageError('--password-stdin needs a password on standard input');
          password = (await stdin()).replace(/\r?\n$/, '');
        }
        if (password === undefined || password === '')
          throw new UsageError('give the password with --password, --password-stdin or ITSUPPORT_OWNER_PASSWORD');
        const config = parseConfig(env);
        await createOwner(
          config,
          cliLogger(),
          { username: values.username, telegramId: values['telegram-id'], password },
          out,
        );
        return 0;
      }
      case 'migrate-to-postgres': {
        const { values } = parseArgs({
          args: rest,
          options: { target: { type: 'string' } },
          strict: true,
          allowPositionals: false,
        });
        if (!values.target || !/^postgres(ql)?:\/\//.test(values.target))
          throw new UsageError('migrate-to-postgres needs --target postgres://user@host:5432/database');
        const config = parseConfig(env);
        await migrateToPostgres(config, cliLogger(), values.target, out);
        return 0;
      }
      case 'backup': {
        parseArgs({ args: rest, options: {}, strict: true, allowPositionals: false });
        await backupNow(parseConfig(env), cliLogger(), out);
        return 0;
      }
      case 'restore': {
        const { values } = parseArgs({
          args: rest,
          options: { file: { type: 'string' }, target: { type: 'string' } },
          strict: true,
          allowPositionals: false,
        });
        if (!values.file) throw new UsageError('restore needs --file <dump>');
        if (values.target !== undefined && !/^postgres(ql)?:\/\//.test(values.target))
          throw new UsageError('--target must be a postgres://user@host:5432/database URL');
        await restoreCommand(parseConfig(env), { file: values.file, target: values.target }, out);
        return 0;
      }
      case 'reencrypt-credentials': {
        parseArgs({ args: rest, options: {}, strict: true, allowPositionals: false });
        await reencryptCredentials(parseConfig(env), cliLogger(), out);
        return 0;
      }
      case undefined:
        throw new UsageError('no command given');
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    return reportError(error);
  }
}

/** One line per error; usage errors also point at `help`. */
function reportError(error: unknown): number {
  if (error instanceof UsageError || isParseArgsError(error)) {
    console.error(`Error: ${(error as Error).message}. Run "pnpm cli help" for usage.`);
    return 2;
  }
  if (error instanceof ConfigError) {
    console.error(error.message);
    return 2;
  }
  if (error instanceof CommandError || error instanceof DataDirLockedError) {
    console.error(`Error: ${error.message}`);
    return 1;
  }
  const message = error instanceof Error ? error.message : String(error);
  console.error(`Error: ${message.split('\n')[0]}`);
  return 1;
}

const isParseArgsError = (e: unknown) => {
  const code = (e as { code?: unknown } | null)?.code;
  return e instanceof TypeError && typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
};

/** The CLI prints its own lines; the library logs only warnings and errors. */
const cliLogger = () => createLogger('warn');
