import { fireEvent, render, screen, waitFor } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SettingRow, rangeText } from './settings.page';
import { signedInAs, signedOut } from '../../../test/support/signed-in';

const billingDay = {
  key: 'BILLING_DAY',
  value: '1',
  defaultValue: '1',
  isDefault: true,
  type: 'INTEGER' as const,
  min: '1',
  max: '28',
  description: 'Day of the month billing periods start.',
  descriptionRu: 'День месяца, с которого начинается расчётный период.',
  updatedAt: null,
};

beforeEach(() => signedInAs('OWNER'));
afterEach(signedOut);

describe('settings row (PRODUCT.md §9)', () => {
  it('shows the help text and the allowed range next to the field', () => {
    render(() => <SettingRow setting={billingDay} save={vi.fn()} />);
    const input = screen.getByLabelText('BILLING_DAY');
    const help = document.getElementById(input.getAttribute('aria-describedby')!)!;
    expect(help.textContent).toContain('День месяца');
    expect(help.textContent).toContain('1..28');
  });

  it('an invalid value is refused with the allowed range in the panel’s language, and the stored value is back', async () => {
    const save = vi
      .fn()
      .mockResolvedValue({ ok: false, rejected: true, message: 'BILLING_DAY must be between 1 and 28' });
    render(() => <SettingRow setting={billingDay} save={save} />);
    const input = screen.getByLabelText('BILLING_DAY') as HTMLInputElement;
    fireEvent.input(input, { target: { value: '40' } });
    fireEvent.click(screen.getByRole('button', { name: 'Сохранить' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Не сохранено: BILLING_DAY: от 1 до 28.'));
    expect(save).toHaveBeenCalledWith('BILLING_DAY', '40');
    expect(input.value).toBe('1');
  });

  it('another failure shows the message it came with', async () => {
    const save = vi.fn().mockResolvedValue({ ok: false, message: 'Значение: не больше 64.' });
    render(() => <SettingRow setting={billingDay} save={save} />);
    fireEvent.input(screen.getByLabelText('BILLING_DAY'), { target: { value: '5' } });
    fireEvent.click(screen.getByRole('button', { name: 'Сохранить' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Не сохранено: Значение: не больше 64.'));
  });

  it('a valid value is saved and confirmed', async () => {
    const save = vi.fn().mockResolvedValue({ ok: true });
    render(() => <SettingRow setting={billingDay} save={save} />);
    fireEvent.input(screen.getByLabelText('BILLING_DAY'), { target: { value: '5' } });
    fireEvent.click(screen.getByRole('button', { name: 'Сохранить' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Сохранено.'));
  });

  it('states open-ended and time zone ranges', () => {
    expect(rangeText({ min: '0', max: null, type: 'MONEY' })).toBe('≥ 0');
    expect(rangeText({ min: null, max: null, type: 'TIME_ZONE' })).toBe('IANA');
  });
});
