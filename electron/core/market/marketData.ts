import type { RateQuote } from '../../../shared/schemas/market';

/**
 * A source of the EUR/USD reference rate, which ArcFlux uses as the EURC→USDC rate. One
 * call is one reading; caching, staleness and outages are MarketRates' job, so a source
 * only fetches and parses (and throws a MarketDataError when it can't).
 */
export interface MarketData {
  readonly source: RateQuote['source'];
  fetchRate(): Promise<RateQuote>;
}

/** Why a reading failed, as a code for the log; the message never holds outside text. */
export type MarketDataProblem = 'unreachable' | 'timeout' | 'http_status' | 'unreadable';

export class MarketDataError extends Error {
  constructor(
    readonly problem: MarketDataProblem,
    message: string,
  ) {
    super(message);
    this.name = 'MarketDataError';
  }
}
