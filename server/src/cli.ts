import 'reflect-metadata';
import { runCli } from './cli/run-cli.js';

/** The server's command line: `pnpm cli <command>` (see `pnpm cli help`). */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

runCli(process.argv.slice(2), process.env, { print: (line) => console.log(line) }, readStdin).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
