import { z } from 'zod';
import { exchangeRateSchema, rateDateSchema } from '../../../shared/schemas/market';
import { MarketDataError } from './marketData';

/** The ECB's namespace for the euro foreign exchange reference rates. */
const EUROFXREF_NAMESPACE = 'http://www.ecb.int/vocabulary/2002-08-01/eurofxref';

const readingSchema = z.object({ date: rateDateSchema, rate: exchangeRateSchema }).strict();

/**
 * Reads the USD rate and its date from the ECB's eurofxref-daily.xml. No XML library is a
 * dependency of ArcFlux, and this is one small documented shape, so it is a strict hand
 * parse: a gesmes:Envelope in the eurofxref namespace holding exactly one
 * `<Cube time='YYYY-MM-DD'>` with exactly one `<Cube currency='USD' rate='…'/>` inside.
 * Anything else (a DOCTYPE, two dates, no USD, a rate that is not a decimal) is refused
 * rather than half-read, and the result passes zod before anyone sees it.
 */
export function parseEcbDailyRates(xml: string): { date: string; rate: string } {
  // Entities and DTDs are never part of the feed; refusing them rules out entity tricks.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) refuse('it declares a DOCTYPE or entities');
  const envelope = /<gesmes:Envelope\b([^>]*)>/.exec(xml);
  if (!envelope || !envelope[1]?.includes(`xmlns="${EUROFXREF_NAMESPACE}"`)) {
    refuse('it is not a gesmes:Envelope in the ECB eurofxref namespace');
  }
  if (!/<\/gesmes:Envelope>\s*$/.test(xml)) refuse('the envelope is not closed');
  const days = [...xml.matchAll(/<Cube\s+time=(['"])([^'"]*)\1\s*>([\s\S]*?)<\/Cube>/g)];
  if (days.length !== 1) refuse(`it holds ${days.length} dated Cube elements, not one`);
  const [, , date, body = ''] = days[0] ?? [];
  const usd = [...body.matchAll(/<Cube\s+currency=(['"])USD\1\s+rate=(['"])([^'"]*)\2\s*\/>/g)];
  if (usd.length !== 1) refuse(`its dated Cube holds ${usd.length} USD rates, not one`);
  const parsed = readingSchema.safeParse({ date, rate: usd[0]?.[3] });
  if (!parsed.success) refuse('its USD rate or date is not in the documented format');
  return parsed.data;
}

function refuse(why: string): never {
  throw new MarketDataError('unreadable', `The ECB rate file could not be read: ${why}.`);
}
