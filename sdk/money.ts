/**
 * Dollars written so they cannot be misread as cents.
 *
 * The Administration API counts money in cents (`thresholdAmount: 500` is a $5.00 alert), and a whole number
 * of dollars passes every check, so `usd(500)` is the way to write $500: it returns 50000.
 */

/**
 * An amount in US dollars as the API's unit, whole cents: `usd(500)` is 50000, `usd(12.5)` is 1250.
 *
 * Throws, naming the value and the rule, for an amount that is not a finite number, is negative, or has a
 * fraction of a cent (`usd(0.125)`): a threshold that silently rounds is a threshold nobody wrote.
 * For an `Output<number>`, map it: `budget.apply(usd)`.
 */
export function usd(dollars: number): number {
  const shown = `usd(${String(dollars)})`;
  if (typeof dollars !== "number" || !Number.isFinite(dollars)) {
    throw new RangeError(`${shown}: the amount must be a finite number of US dollars`);
  }
  if (dollars < 0) throw new RangeError(`${shown}: the amount must not be negative`);
  const cents = dollars * 100;
  const whole = Math.round(cents);
  // 0.29 * 100 is 28.999999999999996 in floating point: only a real fraction of a cent is refused.
  if (Math.abs(cents - whole) > 1e-9 * Math.max(1, cents)) {
    throw new RangeError(`${shown}: the amount must be whole cents (at most two decimals, e.g. 12.34)`);
  }
  if (!Number.isSafeInteger(whole)) throw new RangeError(`${shown}: the amount is too large to count in cents exactly`);
  return whole;
}
