/** Amounts in RUB as the database writes numeric(…, 2): exact decimal strings, summed in whole kopecks. */

/** Kopecks of a decimal amount such as "1500.50" or "-3.5". */
export function toKopecks(amount: string | null | undefined): bigint {
  if (amount === null || amount === undefined || amount === '') return 0n;
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(amount.trim());
  if (!m) throw new RangeError(`not an amount: ${amount}`);
  const kopecks = BigInt(m[2]!) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -kopecks : kopecks;
}

/** A kopeck count written as an amount with two decimals. */
export function fromKopecks(kopecks: bigint): string {
  const sign = kopecks < 0n ? '-' : '';
  const abs = kopecks < 0n ? -kopecks : kopecks;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** The exact sum of amounts, with two decimals ("0.00" for none). */
export function sumAmounts(amounts: ReadonlyArray<string | null | undefined>): string {
  return fromKopecks(amounts.reduce((sum, a) => sum + toKopecks(a), 0n));
}
