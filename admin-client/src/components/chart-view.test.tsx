import { render } from '@solidjs/testing-library';
import { Chart } from 'chart.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChartView } from './chart-view';

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

beforeEach(() => {
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(function (this: HTMLCanvasElement) {
    const ctx = fakeContext();
    (ctx as unknown as { canvas: HTMLCanvasElement }).canvas = this;
    return ctx as never;
  });
  // happy-dom lays nothing out; the chart needs a size to have more than one tick.
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(400);
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(300);
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue(new DOMRect(0, 0, 400, 300));
});
afterEach(() => vi.restoreAllMocks());

/** The value axis's tick values of the chart drawn in the container. */
function yTicks(container: HTMLElement): number[] {
  const chart = Chart.getChart(container.querySelector('canvas')!);
  return chart!.scales.y!.ticks.map((tick) => tick.value);
}

const oneOrder = { labels: ['09.11', '10.11'], datasets: [{ label: 'Created', data: [1, 0] }] };

describe('chart of counts', () => {
  it('ticks whole numbers only when the values are counts (a day with one order showed 0,5 and 1,5)', () => {
    const { container } = render(() => <ChartView type="bar" label="Orders per day" data={oneOrder} counts />);
    const ticks = yTicks(container);
    expect(ticks.length).toBeGreaterThan(1);
    expect(ticks.every(Number.isInteger)).toBe(true);
  });

  it('keeps fractional ticks for values that are not counts', () => {
    const { container } = render(() => <ChartView type="bar" label="Hours" data={oneOrder} />);
    expect(yTicks(container).some((v) => !Number.isInteger(v))).toBe(true);
  });
});
