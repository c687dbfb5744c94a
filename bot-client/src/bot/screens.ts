import type { SignedInContext } from './handlers.js';

type ScreenHandler = (ctx: SignedInContext) => Promise<void>;

const screens = new Map<string, ScreenHandler>();

/** Registers what a main-menu button (`m:<name>`) shows; each feature registers its own screens. */
export function defineScreen(name: string, handler: ScreenHandler): void {
  if (screens.has(name)) throw new Error(`screen ${name} defined twice`);
  screens.set(name, handler);
}

/** The handler of a screen, if some feature defines it. */
export function screenHandler(name: string): ScreenHandler | undefined {
  return screens.get(name);
}
