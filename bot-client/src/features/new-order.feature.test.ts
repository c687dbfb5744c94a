import { describe, expect, it } from 'vitest';
import { parseItem } from './new-order.feature.js';

describe('R-ORD-1 a cartridge line as typed', () => {
  it.each([
    ['CE285A 2', 'CE285A', 2],
    ['CE285A x2', 'CE285A', 2],
    ['CE285A × 2', 'CE285A', 2],
    ['CE285A*3', 'CE285A', 3],
    ['CE285A х 4', 'CE285A', 4], // Cyrillic х
    ['Canon 725 2 шт', 'Canon 725', 2],
    ['Canon 725 2шт.', 'Canon 725', 2],
    ['HP 85A 10 pcs', 'HP 85A', 10],
    ['Canon 725 2', 'Canon 725', 2],
    ['Kyocera TK-1170 3', 'Kyocera TK-1170', 3],
    ['CE285A', 'CE285A', 1],
  ])('%s → %s × %i', (text, model, quantity) => {
    expect(parseItem(text)).toEqual({ model, quantity });
  });

  it.each([
    ['Canon 725', 'Canon 725'],
    ['Xerox 3020', 'Xerox 3020'],
    ['Q2612X', 'Q2612X'],
    ['HP Q2612X', 'HP Q2612X'],
  ])('a model whose name ends in a number is one cartridge of that model: %s', (text, model) => {
    expect(parseItem(text)).toEqual({ model, quantity: 1 });
  });

  it('a quantity of 0 is no line', () => {
    expect(parseItem('CE285A x0')).toBeUndefined();
    expect(parseItem('CE285A 0 шт')).toBeUndefined();
  });
});
