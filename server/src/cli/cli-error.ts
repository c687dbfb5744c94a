/** A problem with how the command was called: printed with the usage hint, exit code 2. */
export class UsageError extends Error {}

/** A command that could not do its work: printed as one line, exit code 1. */
export class CommandError extends Error {}

/** Where a command writes its output (stdout); errors go through thrown errors. */
export interface CliOutput {
  print(line: string): void;
}

/** A connection URL with its password hidden, for printing. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}
