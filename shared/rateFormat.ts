import type { MarketRate } from './schemas/market';

const SOURCE_NAMES: Record<MarketRate['source'], string> = { ecb: 'ECB', simulated: 'simulated' };

/** "5 Dec": a rate's date, a calendar day, so no time zone moves it. */
export function formatRateDate(date: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  }).format(new Date(`${date}T00:00:00.000Z`));
}

/** "1 EUR = 1.0834 USD, ECB, as of 5 Dec": the rate exactly as received, with its origin. */
export function formatRate(rate: MarketRate): string {
  return `1 EUR = ${rate.rate} USD, ${SOURCE_NAMES[rate.source]}, as of ${formatRateDate(rate.date)}`;
}
