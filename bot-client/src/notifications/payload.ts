/** Typed reads of a notification payload (JSON written by the server's outbox; README "Notifications"). */
export class Payload {
  constructor(private readonly data: Record<string, unknown>) {}

  str(key: string): string | undefined {
    const v = this.data[key];
    return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
  }

  num(key: string): number | undefined {
    const v = this.data[key];
    return typeof v === 'number' ? v : undefined;
  }

  bool(key: string): boolean {
    return this.data[key] === true;
  }

  obj(key: string): Payload | undefined {
    const v = this.data[key];
    return v && typeof v === 'object' && !Array.isArray(v) ? new Payload(v as Record<string, unknown>) : undefined;
  }

  list(key: string): Payload[] {
    const v = this.data[key];
    return Array.isArray(v) ? v.filter((x) => x && typeof x === 'object').map((x) => new Payload(x)) : [];
  }
}
