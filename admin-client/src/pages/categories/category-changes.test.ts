import { describe, expect, it } from 'vitest';
import { categoryChanges, categoryEditOf, newCategoryInput } from './category-changes';

const network = categoryEditOf({ code: 'NETWORK', nameRu: 'Сеть', nameEn: 'Network', kind: 'GENERAL', position: 5 });

describe('R-ORD-1 the owner adds and edits order categories', () => {
  it('a new category: code upper-cased, names trimmed, an empty position goes last', () => {
    expect(newCategoryInput({ ...network, code: ' voip ', nameEn: ' VoIP ', position: '' })).toEqual({
      code: 'VOIP',
      nameRu: 'Сеть',
      nameEn: 'VoIP',
      kind: 'GENERAL',
      position: null,
    });
    expect(newCategoryInput({ ...network, position: '7' }).position).toBe(7);
  });

  it('an edit sends only what changed, the position as a number', () => {
    expect(categoryChanges(network, { ...network, nameEn: 'Networks', position: '2' })).toEqual({
      nameEn: 'Networks',
      position: 2,
    });
    expect(categoryChanges(network, { ...network, code: 'network' })).toEqual({});
  });

  it('never sends the kind (fixed once created) nor an emptied position', () => {
    expect(categoryChanges(network, { ...network, kind: 'EQUIPMENT', position: '' })).toEqual({});
  });
});
