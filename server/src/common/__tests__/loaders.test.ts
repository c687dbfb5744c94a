import DataLoader from 'dataloader';
import type { EntityManager } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { createLoaders, moduleLoader } from '../loaders.js';

describe('createLoaders', () => {
  it('makes each loader on first use and keeps it for the request', () => {
    const loaders = createLoaders({} as EntityManager);
    const user = loaders.user;
    expect(user).toBeInstanceOf(DataLoader);
    expect(loaders.user).toBe(user);
    expect(loaders.account).not.toBe(user);
    const mine = moduleLoader(loaders, 'mine', () => new DataLoader<string, number>(async (k) => k.map(() => 1)));
    expect(moduleLoader(loaders, 'mine', () => new DataLoader<string, number>(async () => []))).toBe(mine);
  });

  it('gives every request its own loaders (nothing cached across them)', () => {
    const em = {} as EntityManager;
    expect(createLoaders(em).user).not.toBe(createLoaders(em).user);
  });
});
