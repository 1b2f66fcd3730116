import { IANAZone } from 'luxon';

const HOUR = 3_600_000;
/** Hours remembered per zone: a parse touches a handful; this bounds a long-running core. */
const REMEMBERED_HOURS = 4096;

/**
 * An IANA zone that remembers its UTC offset hour by hour. luxon asks Intl for the
 * offset on every DateTime it builds, and that one call was a tenth of a whole parse.
 *
 * An hour is remembered only when its first and last millisecond have the same offset,
 * so an hour holding a daylight-saving change (or any other transition) is asked about
 * afresh every time; no zone has two transitions within one hour.
 */
class RememberedZone extends IANAZone {
  readonly #offsets = new Map<number, number>();

  override offset(ts: number): number {
    const hour = Math.floor(ts / HOUR);
    const remembered = this.#offsets.get(hour);
    if (remembered !== undefined) return remembered;
    const start = super.offset(hour * HOUR);
    if (Number.isNaN(start) || start !== super.offset(hour * HOUR + HOUR - 1)) {
      return super.offset(ts);
    }
    if (this.#offsets.size >= REMEMBERED_HOURS) this.#offsets.clear();
    this.#offsets.set(hour, start);
    return start;
  }
}

const zones = new Map<string, RememberedZone>();

/**
 * The zone to hand luxon for `timezone`. It is a plain IANA zone to luxon (same type,
 * name and equality), so DateTimes built with it compare equal to ones built from the
 * zone's name.
 */
export function zoneNamed(timezone: string): IANAZone {
  let zone = zones.get(timezone);
  if (!zone) {
    zone = new RememberedZone(timezone);
    // Only valid names are kept, so a stream of bad names can't grow the map.
    if (!zone.isValid) return zone;
    zones.set(timezone, zone);
  }
  return zone;
}
