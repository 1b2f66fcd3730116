import type { RateQuote } from '../../../shared/schemas/market';
import type { Clock } from '../clock';
import type { MarketData } from './marketData';

/** The simulated EUR/USD rate: fixed, so demos and tests read the same totals every time. */
export const SIMULATED_RATE = '1.0834';

/**
 * The default market source: a fixed rate dated like the ECB would date it, the last
 * weekday on or before today (UTC) on the injected clock. Never fails, never stale.
 */
export class SimulatedMarketData implements MarketData {
  readonly source = 'simulated' as const;

  constructor(private readonly clock: Clock) {}

  fetchRate(): Promise<RateQuote> {
    return Promise.resolve({
      rate: SIMULATED_RATE,
      date: lastWeekday(this.clock.now()),
      source: 'simulated',
    });
  }
}

function lastWeekday(now: Date): string {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const weekday = day.getUTCDay();
  // Sunday goes back two days, Saturday one.
  const back = weekday === 0 ? 2 : weekday === 6 ? 1 : 0;
  day.setUTCDate(day.getUTCDate() - back);
  return day.toISOString().slice(0, 10);
}
