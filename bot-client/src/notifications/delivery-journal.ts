import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Notifications sent to Telegram but not yet acknowledged to the server. After a restart the server
 * replays what was not acknowledged; the journal keeps those that were already sent from going out twice.
 * Lines: `S <id>` (sent), `A <id>` (acknowledged); compacted to the unacknowledged ones on open.
 */
export class DeliveryJournal {
  private readonly file: string;
  private readonly sent = new Set<string>();

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.file = path.join(dataDir, 'delivered.log');
    let text = '';
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    for (const line of text.split('\n')) {
      const [mark, id] = line.split(' ');
      if (!id) continue;
      if (mark === 'S') this.sent.add(id);
      else if (mark === 'A') this.sent.delete(id);
    }
    writeFileSync(this.file, [...this.sent].map((id) => `S ${id}\n`).join(''));
  }

  wasSent(id: string): boolean {
    return this.sent.has(id);
  }

  /** Written synchronously right after the send, before anything else can fail. */
  markSent(id: string): void {
    appendFileSync(this.file, `S ${id}\n`);
    this.sent.add(id);
  }

  markAcknowledged(ids: readonly string[]): void {
    if (!ids.length) return;
    appendFileSync(this.file, ids.map((id) => `A ${id}\n`).join(''));
    for (const id of ids) this.sent.delete(id);
  }
}
