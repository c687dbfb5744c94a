import { fireEvent, render, screen } from '@solidjs/testing-library';
import { describe, expect, it, vi } from 'vitest';
import { DateRangeFilter } from './filter-select';

describe('DateRangeFilter', () => {
  it('shows both days and reports the changed end; an emptied day is no filter', () => {
    const onChange = vi.fn();
    render(() => <DateRangeFilter from="2026-11-01" to={undefined} onChange={onChange} />);
    const from = screen.getByLabelText('С') as HTMLInputElement;
    const to = screen.getByLabelText('По') as HTMLInputElement;
    expect(from.value).toBe('2026-11-01');
    expect(to.value).toBe('');
    fireEvent.change(to, { target: { value: '2026-11-30' } });
    expect(onChange).toHaveBeenLastCalledWith({ to: '2026-11-30' });
    fireEvent.change(from, { target: { value: '' } });
    expect(onChange).toHaveBeenLastCalledWith({ from: undefined });
  });
});
