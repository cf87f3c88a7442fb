/**
 * Test-only: the text a user should see for a value the reference server
 * computed, formatted here with `Intl` directly, never with the product's own
 * formatters (src/format), so a bug there cannot hide by producing the
 * expected value too. Decimal strings go to `Intl.NumberFormat` as strings,
 * which formats them exactly.
 */
const exact = (value: string) => value as Intl.StringNumericLiteral;

/** "$1,234.57": US dollars in en-US, two minor units. */
export function usdText(value: string): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(exact(value));
}

/** "1,250.5 calls" / "1 call": at most two decimals in en-US, the unit's singular only for exactly one. */
export function quantityText(value: string, singular: string, plural: string): string {
  const unit = Number(value) === 1 ? singular || plural : plural || singular;
  const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(exact(value));
  return unit ? `${number} ${unit}` : number;
}
