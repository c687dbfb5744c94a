import { render } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import { layOutChartsInHappyDom, yTicks } from '../../test/support/fake-canvas';
import { ChartView } from './chart-view';

layOutChartsInHappyDom();

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
