import { describe, expect, it } from 'vitest';
import { unstorableTextAt } from '../graphql/storable-text.js';

describe('text the database cannot store is found, with its path', () => {
  it('finds U+0000 and unpaired surrogates in strings, list items, input fields and JSON keys', () => {
    expect(unstorableTextAt('a\u0000b', 'reason')).toBe('reason');
    expect(unstorableTextAt('\uD800', 'name')).toBe('name');
    expect(unstorableTextAt('a\uDC00', 'name')).toBe('name');
    expect(unstorableTextAt('\uDC00\uD800', 'name')).toBe('name');
    expect(unstorableTextAt({ items: [{ model: 'ok' }, { model: 'x\u0000' }] }, 'input')).toBe('input.items[1].model');
    expect(unstorableTextAt({ ['k\u0000']: 1 }, 'value')).toBe('value');
  });

  it('lets everything else through: paired surrogates (emoji), other control characters, dates, numbers', () => {
    expect(unstorableTextAt('printer 🖨️ jammed\t\n', 'text')).toBeNull();
    expect(unstorableTextAt({ when: new Date(0), n: 1, ok: true, none: null, list: ['a', 'б'] }, 'input')).toBeNull();
  });
});
