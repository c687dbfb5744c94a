import { describe, expect, it } from 'vitest';
import type { BotContext } from './context.js';
import { oneUpdateAtATimePerChat } from './one-at-a-time.js';

/** An update of `chat` whose handling ends when the test says so. */
function update(chat: number | undefined) {
  let finish!: (error?: Error) => void;
  const finished = new Promise<void>((resolve, reject) => (finish = (e) => (e ? reject(e) : resolve())));
  return {
    ctx: { chatId: chat, from: chat === undefined ? undefined : { id: chat } } as unknown as BotContext,
    finish,
    finished,
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('one update at a time per chat (webhook requests arrive concurrently)', () => {
  it('a chat’s second update starts only once its first has ended, and they keep their order', async () => {
    const queue = oneUpdateAtATimePerChat();
    const started: string[] = [];
    const [a, b, c] = [update(7), update(7), update(7)];
    const run = (name: string, u: ReturnType<typeof update>) =>
      queue(u.ctx, async () => {
        started.push(name);
        await u.finished;
      });
    const runs = [run('a', a), run('b', b), run('c', c)];
    await tick();
    expect(started).toEqual(['a']);
    await tick();
    expect(started).toEqual(['a']);
    a.finish();
    await tick();
    expect(started).toEqual(['a', 'b']);
    b.finish();
    await tick();
    expect(started).toEqual(['a', 'b', 'c']);
    c.finish();
    await Promise.all(runs);
  });

  it('different chats are handled at the same time; updates without a chat are not held', async () => {
    const queue = oneUpdateAtATimePerChat();
    const started: string[] = [];
    const [one, two, none] = [update(1), update(2), update(undefined)];
    const runs = [
      queue(one.ctx, async () => {
        started.push('chat 1');
        await one.finished;
      }),
      queue(two.ctx, async () => {
        started.push('chat 2');
        await two.finished;
      }),
      queue(none.ctx, async () => {
        started.push('no chat');
        await none.finished;
      }),
    ];
    await tick();
    expect(started).toEqual(['chat 1', 'chat 2', 'no chat']);
    [one, two, none].forEach((u) => u.finish());
    await Promise.all(runs);
  });

  it('an update that fails still lets the chat’s next one through, and its error reaches its own caller', async () => {
    const queue = oneUpdateAtATimePerChat();
    const [failing, next] = [update(3), update(3)];
    let nextRan = false;
    const first = queue(failing.ctx, () => failing.finished);
    const second = queue(next.ctx, async () => {
      nextRan = true;
    });
    failing.finish(new Error('server said no'));
    await expect(first).rejects.toThrow('server said no');
    await second;
    expect(nextRan).toBe(true);
  });
});
