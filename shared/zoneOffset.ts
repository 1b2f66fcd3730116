/**
 * Local wall-clock text for a UTC instant, fast enough for a 100k-row export: the zone's
 * offset is looked up once per quarter hour of UTC time (every zone's transitions fall
 * on quarter hours today) and the text is built from the shifted instant.
 */
export function createLocalTimeFormatter(timeZone: string): (instantMs: number) => string {
  const offsets = new Map<number, number>();
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const offsetAt = (instantMs: number): number => {
    const bucket = Math.floor(instantMs / QUARTER_HOUR_MS);
    const known = offsets.get(bucket);
    if (known !== undefined) return known;
    const at = bucket * QUARTER_HOUR_MS;
    const parts: Record<string, number> = {};
    for (const part of format.formatToParts(at)) {
      if (part.type !== 'literal') parts[part.type] = Number(part.value);
    }
    const wall = Date.UTC(
      parts.year ?? 1970,
      (parts.month ?? 1) - 1,
      parts.day ?? 1,
      parts.hour ?? 0,
      parts.minute ?? 0,
      parts.second ?? 0,
    );
    const offset = Math.round((wall - at) / 60_000);
    offsets.set(bucket, offset);
    return offset;
  };
  return (instantMs) => {
    const offset = offsetAt(instantMs);
    const local = new Date(instantMs + offset * 60_000).toISOString();
    const sign = offset < 0 ? '-' : '+';
    const size = Math.abs(offset);
    const hours = String(Math.floor(size / 60)).padStart(2, '0');
    const minutes = String(size % 60).padStart(2, '0');
    // "2026-03-01T09:00:00.000+01:00 Europe/Berlin": ISO 8601 with the offset, then the zone.
    return `${local.slice(0, 23)}${sign}${hours}:${minutes} ${timeZone}`;
  };
}

const QUARTER_HOUR_MS = 15 * 60_000;
