import type { Clock } from '../clock';
import type { SystemConfig } from '../config/systemConfig';
import { EcbMarketData } from './ecbMarketData';
import type { MarketData } from './marketData';
import { MarketRates } from './marketRates';
import { SimulatedMarketData } from './simulatedMarketData';

/** The market source system_config.json names: simulated by default, or the ECB feed. */
export function createMarketData(config: SystemConfig['market'], clock: Clock): MarketData {
  return config.kind === 'ecb'
    ? new EcbMarketData({ url: config.url, timeoutMs: config.requestTimeoutMs })
    : new SimulatedMarketData(clock);
}

/** The core's one MarketRates, over the configured source and the data folder's cache. */
export function openMarketRates(
  config: SystemConfig,
  options: { dataDir: string; clock: Clock; log: (line: string) => void },
): MarketRates {
  return new MarketRates({
    source: createMarketData(config.market, options.clock),
    staleAfterDays: config.market.staleAfterDays,
    ...options,
  });
}
