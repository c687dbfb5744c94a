import { describe, expect, it } from 'vitest';
import { fromKopecks, sumAmounts, toKopecks } from '../money.js';

describe('R-REP-2 R-REP-5 report amounts are summed exactly', () => {
  it('sums decimal amounts without floating-point drift', () => {
    expect(sumAmounts(['0.10', '0.20', '0.30'])).toBe('0.60');
    expect(sumAmounts(['1500.50', '650', '700.5'])).toBe('2851.00');
    expect(sumAmounts([])).toBe('0.00');
    expect(sumAmounts([null, '12.3'])).toBe('12.30');
  });

  it('reads and writes kopecks, negative amounts included', () => {
    expect(toKopecks('-3.05')).toBe(-305n);
    expect(fromKopecks(-305n)).toBe('-3.05');
    expect(fromKopecks(99999999999999n)).toBe('999999999999.99');
    expect(() => toKopecks('1,5')).toThrow(RangeError);
  });
});
