import type { MarketRate } from '../../../shared/schemas/market';
import type { Clock } from '../clock';
import { MarketDataError, type MarketData } from './marketData';
import { readCachedRate, writeCachedRate, type CachedRate } from './rateCache';
import { isStale, rateAgeDays } from './staleness';

/** A good reading is reused this long before the source is asked again. */
export const REFRESH_AFTER_MS = 60 * 60_000;
/** After a failed reading, the source is left alone this long (the cache serves meanwhile). */
export const RETRY_AFTER_MS = 5 * 60_000;

export interface MarketRatesOptions {
  source: MarketData;
  dataDir: string;
  clock: Clock;
  staleAfterDays: number;
  log: (line: string) => void;
}

/**
 * The EURC→USDC rate as the core serves it. Asks the source at most once an hour (once
 * every five minutes while it fails), keeps the last good reading in the data folder, and
 * falls back to it when the source is down: the rate then says how old it is, and is
 * stale past market.staleAfterDays. Never throws; null means no rate is known at all.
 * Nothing on the money path waits on it.
 */
export class MarketRates {
  #last: CachedRate | undefined;
  #loaded = false;
  #nextAttemptAt = 0;
  #inFlight: Promise<void> | undefined;

  constructor(private readonly options: MarketRatesOptions) {}

  /**
   * The rate, asking the source first when a reading is due. `waitForSource: false` never
   * waits on the network: it answers from what is known (memory or the cache file) and lets
   * a due reading finish in the background. Callers inside the money path's exclusive
   * section (a question asked through commands:run) use it, so a slow or hanging rate
   * source can't hold up payments.
   */
  async current(options: { waitForSource?: boolean } = {}): Promise<MarketRate | null> {
    if (this.options.clock.now().getTime() >= this.#nextAttemptAt) {
      // Callers arriving while a reading is under way share it.
      this.#inFlight ??= this.#refresh().finally(() => {
        this.#inFlight = undefined;
      });
      if (options.waitForSource !== false) await this.#inFlight;
    }
    if (!this.#loaded) await this.#loadCache();
    return this.#last ? this.#label(this.#last) : null;
  }

  /** Lets a reading under way finish (it is bounded by market.requestTimeoutMs). */
  async close(): Promise<void> {
    await this.#inFlight;
  }

  async #refresh(): Promise<void> {
    const { source, clock, dataDir, log } = this.options;
    try {
      const quote = await source.fetchRate();
      const reading = { ...quote, fetchedAt: clock.now().toISOString() };
      this.#last = reading;
      this.#loaded = true;
      this.#nextAttemptAt = clock.now().getTime() + REFRESH_AFTER_MS;
      await writeCachedRate(dataDir, reading).catch((error: unknown) => {
        log(
          `market: the rate could not be cached (${(error as NodeJS.ErrnoException).code ?? 'unknown error'}); it is used from memory`,
        );
      });
    } catch (error) {
      this.#nextAttemptAt = clock.now().getTime() + RETRY_AFTER_MS;
      const problem = error instanceof MarketDataError ? error.problem : 'unexpected';
      log(`market: no new ${source.source} rate (${problem}); using the last one kept, if any`);
    }
  }

  async #loadCache(): Promise<void> {
    const cached = await readCachedRate(this.options.dataDir);
    this.#loaded = true;
    if (cached.rate === undefined) {
      if (cached.problem)
        this.options.log(`market: the cached rate is ${cached.problem}; it is ignored`);
      return;
    }
    // A rate kept from another source (the config changed) is not this source's rate.
    if (cached.rate.source === this.options.source.source) this.#last ??= cached.rate;
  }

  #label(reading: CachedRate): MarketRate {
    const now = this.options.clock.now();
    return {
      from: 'EURC',
      to: 'USDC',
      ...reading,
      ageDays: rateAgeDays(reading.date, now),
      stale: isStale(reading.date, now, this.options.staleAfterDays),
    };
  }
}
