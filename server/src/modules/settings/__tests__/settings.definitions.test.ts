import { describe, expect, it } from 'vitest';
import { SETTING_DEFINITIONS, toSettingValues, validateSettingValue } from '../settings.definitions.js';

describe('§9 settings validation', () => {
  it('§9 accepts values inside the range and normalises them', () => {
    expect(validateSettingValue(SETTING_DEFINITIONS.BILLING_DAY, ' 28 ')).toEqual({ ok: true, value: '28' });
    expect(validateSettingValue(SETTING_DEFINITIONS.ORDER_RATE, '750.50')).toEqual({ ok: true, value: '750.50' });
    expect(validateSettingValue(SETTING_DEFINITIONS.ORDER_RATE, '0')).toEqual({ ok: true, value: '0' });
    expect(validateSettingValue(SETTING_DEFINITIONS.TIMEZONE, 'Asia/Yekaterinburg')).toEqual({
      ok: true,
      value: 'Asia/Yekaterinburg',
    });
  });

  it('§9 refuses values outside the range, naming the allowed range', () => {
    const r = validateSettingValue(SETTING_DEFINITIONS.BILLING_DAY, '29');
    expect(r).toEqual({ ok: false, reason: 'BILLING_DAY must be a whole number from 1 to 28' });
    expect(validateSettingValue(SETTING_DEFINITIONS.ASSIGNED_CONTRACTORS_TIME_LIMIT, '0').ok).toBe(false);
    expect(validateSettingValue(SETTING_DEFINITIONS.MAX_ESTIMATE_HOURS, '721').ok).toBe(false);
    expect(validateSettingValue(SETTING_DEFINITIONS.ORDER_RATE, '-1').ok).toBe(false);
    expect(validateSettingValue(SETTING_DEFINITIONS.ORDER_RATE, '1.234').ok).toBe(false);
    expect(validateSettingValue(SETTING_DEFINITIONS.BILLING_DAY, '1e1').ok).toBe(false);
    expect(validateSettingValue(SETTING_DEFINITIONS.TIMEZONE, 'Mars/Olympus').ok).toBe(false);
  });

  it('§9 defaults apply to absent and unreadable stored values', () => {
    const v = toSettingValues(
      new Map([
        ['BILLING_DAY', '31'],
        ['ORDER_RATE', '650'],
      ]),
    );
    expect(v.BILLING_DAY).toBe(1);
    expect(v.ORDER_RATE).toBe('650');
    expect(v.MAX_ESTIMATE_HOURS).toBe(24);
    expect(v.TIMEZONE).toBe('Europe/Moscow');
    expect(v.ASSIGNED_CONTRACTORS_TIME_LIMIT).toBe(20);
  });
});
