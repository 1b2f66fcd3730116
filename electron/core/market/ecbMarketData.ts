import type { RateQuote } from '../../../shared/schemas/market';
import { parseEcbDailyRates } from './ecbXml';
import { MarketDataError, type MarketData } from './marketData';

/** The feed is a few kilobytes; anything far larger is not it. */
const MAX_BYTES = 256 * 1024;

/**
 * The ECB's daily euro foreign exchange reference rates over HTTPS: one GET of the XML,
 * parsed strictly. Failures become MarketDataError codes; their detail (outside text)
 * is not kept.
 */
export class EcbMarketData implements MarketData {
  readonly source = 'ecb' as const;

  constructor(private readonly options: { url: string; timeoutMs: number }) {}

  async fetchRate(): Promise<RateQuote> {
    let response: Response;
    try {
      response = await fetch(this.options.url, {
        headers: { accept: 'application/xml, text/xml' },
        signal: AbortSignal.timeout(this.options.timeoutMs),
        redirect: 'error',
      });
    } catch (error) {
      const timedOut = (error as Error | undefined)?.name === 'TimeoutError';
      throw new MarketDataError(
        timedOut ? 'timeout' : 'unreachable',
        timedOut
          ? `The ECB rate source did not answer within ${this.options.timeoutMs} ms.`
          : 'The ECB rate source could not be reached.',
      );
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new MarketDataError(
        'http_status',
        `The ECB rate source answered HTTP ${response.status}.`,
      );
    }
    let text: string;
    try {
      text = await response.text();
    } catch {
      throw new MarketDataError('unreachable', 'The ECB rate source broke off its answer.');
    }
    if (text.length > MAX_BYTES) {
      throw new MarketDataError('unreadable', 'The ECB rate file is far larger than expected.');
    }
    return { ...parseEcbDailyRates(text), source: 'ecb' };
  }
}
