import { Chart } from 'chart.js';
import { afterEach, beforeEach, vi } from 'vitest';

/** A 2D context that draws nothing: enough for Chart.js to lay out its scales in happy-dom, which has no canvas. */
function fakeContext(): CanvasRenderingContext2D {
  return new Proxy({} as Record<string | symbol, unknown>, {
    get: (target, key) =>
      key in target
        ? target[key]
        : key === 'measureText'
          ? () => ({ width: 10, actualBoundingBoxAscent: 8, actualBoundingBoxDescent: 2 })
          : key === 'getImageData' || key === 'createImageData'
            ? () => ({ data: new Uint8ClampedArray(4) })
            : key === 'createLinearGradient' || key === 'createPattern'
              ? () => ({ addColorStop: () => undefined })
              : typeof key === 'string' && /^[a-z]/.test(key) && !['canvas', 'font'].includes(key)
                ? () => undefined
                : undefined,
    set: (target, key, value) => {
      target[key] = value;
      return true;
    },
  }) as unknown as CanvasRenderingContext2D;
}

/**
 * Lets the test file's charts lay out in happy-dom: each canvas gets a context that draws nothing and every element
 * a 400×300 size (happy-dom lays nothing out, and a chart needs a size to have more than one tick).
 */
export function layOutChartsInHappyDom(): void {
  beforeEach(() => {
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(function (this: HTMLCanvasElement) {
      const ctx = fakeContext();
      (ctx as unknown as { canvas: HTMLCanvasElement }).canvas = this;
      return ctx as never;
    });
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(400);
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(300);
    vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue(new DOMRect(0, 0, 400, 300));
  });
  afterEach(() => vi.restoreAllMocks());
}

/** The value axis's tick values of the (first) chart drawn in the container. */
export function yTicks(container: HTMLElement): number[] {
  const chart = Chart.getChart(container.querySelector('canvas')!);
  return chart!.scales.y!.ticks.map((tick) => tick.value);
}

/** The value axis's tick labels, as the (first) chart drawn in the container writes them. */
export function yTickLabels(container: HTMLElement): string[] {
  const chart = Chart.getChart(container.querySelector('canvas')!);
  return chart!.scales.y!.ticks.map((tick) => String(tick.label));
}
