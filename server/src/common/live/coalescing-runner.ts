/**
 * Runs some work when woken, one run at a time (a stream tail's read, the e-mail sender's batch).
 *
 * Wake-ups that come before a run has started its work join that run: a commit publishes several events,
 * each a wake-up, in one go, and they cost one run. A wake-up while the work is under way asks for one more
 * run after it, since the work may have looked before the change the wake-up announces.
 */
export class CoalescingRunner {
  private running: Promise<void> | null = null;
  /** A run is asked for and has not started its work yet. */
  private queued = false;
  private again = false;

  /** `work` must not throw; it is never run twice at once. */
  constructor(private readonly work: () => Promise<void>) {}

  wake(): void {
    if (this.running) {
      if (!this.queued) this.again = true;
      return;
    }
    this.queued = true;
    this.running = Promise.resolve()
      .then(() => {
        this.queued = false;
        return this.work();
      })
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** Resolves when the run under way (if any) and any run it asked for are done. */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }
}
