import net from 'node:net';

/**
 * A TCP proxy between the bot and the server, so a test can drop the bot's connections (a network blip, or a
 * server the bot can no longer reach) or hold them (a server that accepts and never answers) while both
 * processes keep running.
 */
export class TcpProxy {
  private readonly sockets = new Set<net.Socket>();
  /** Each forwarded connection: what the bot sends goes from `client` to `upstream`. */
  private readonly links = new Set<{ client: net.Socket; upstream: net.Socket }>();
  private refusing = false;
  private holding = false;
  /** Connections accepted while holding (never forwarded, never answered). */
  held = 0;
  /** While set, the next request containing it reaches the server and its answer is lost on the way back. */
  private loseAnswerTo: string | null = null;

  private constructor(
    private readonly server: net.Server,
    private readonly target: { host: string; port: number },
  ) {
    server.on('connection', (client) => this.accept(client));
  }

  /** Listens on a free loopback port and forwards to `targetUrl`'s host and port. */
  static async start(targetUrl: string): Promise<TcpProxy> {
    const url = new URL(targetUrl);
    const proxy = new TcpProxy(net.createServer(), { host: url.hostname, port: Number(url.port) });
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  /** `targetUrl` with this proxy's host and port. */
  url(targetUrl: string): string {
    const url = new URL(targetUrl);
    url.host = `127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
    return url.toString();
  }

  /** Drops every connection (held ones too); with `refuse`, new ones are dropped too until `restore()`. */
  cut(opts: { refuse: boolean }): void {
    this.refusing = opts.refuse;
    this.holding = false;
    this.loseAnswerTo = null;
    for (const socket of this.sockets) socket.destroy();
  }

  /**
   * The server seems to hang: nothing the bot sends on open connections reaches it any more, new connections
   * are accepted and never forwarded, and nothing is answered, until `cut()` drops them all.
   */
  hold(): void {
    this.holding = true;
    for (const { client, upstream } of this.links) {
      client.unpipe(upstream);
      client.pause();
    }
  }

  /**
   * The next request whose bytes contain `marker` reaches the server, and everything the server answers on
   * that connection is dropped: the server did the work, the bot never hears of it (until it gives up).
   */
  loseAnswer(marker: string): void {
    this.loseAnswerTo = marker;
  }

  restore(): void {
    this.refusing = false;
  }

  async stop(): Promise<void> {
    this.cut({ refuse: true });
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket): void {
    if (this.refusing) return void client.destroy();
    if (this.holding) {
      this.held++;
      this.sockets.add(client);
      client.on('error', () => undefined);
      client.on('close', () => this.sockets.delete(client));
      return;
    }
    const upstream = net.connect(this.target);
    const link = { client, upstream };
    this.links.add(link);
    client.on('close', () => this.links.delete(link));
    client.on('data', (chunk: Buffer) => {
      if (this.loseAnswerTo === null || !chunk.toString('utf8').includes(this.loseAnswerTo)) return;
      this.loseAnswerTo = null;
      upstream.unpipe(client);
      upstream.on('data', () => undefined); // read and dropped
    });
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      this.sockets.add(from);
      from.pipe(to);
      from.on('error', () => to.destroy());
      from.on('close', () => {
        this.sockets.delete(from);
        to.destroy();
      });
    }
  }
}
