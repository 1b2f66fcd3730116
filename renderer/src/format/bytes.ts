const UNITS = ['bytes', 'kB', 'MB', 'GB', 'TB'];

/** "2.1 MB": decimal units, as disks and download sites count them. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${Math.round(bytes)} ${bytes === 1 ? 'byte' : 'bytes'}`;
  let value = bytes;
  let unit = 0;
  // Rounded before the unit is settled, so 999,950 bytes reads "1.0 MB", not "1000 kB".
  while (unit < UNITS.length - 1 && Number(shown(value)) >= 1000) {
    value /= 1000;
    unit += 1;
  }
  return `${shown(value)} ${UNITS[unit]}`;
}

function shown(value: number): string {
  return value >= 99.95 ? value.toFixed(0) : value.toFixed(1);
}

/** "1.2 MB/s". */
export function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** "about 3 min left", rounded the way people say it (up, so it never promises too soon). */
export function formatTimeLeft(seconds: number): string {
  if (seconds < 1) return 'almost done';
  if (Math.ceil(seconds) < 60) return `about ${Math.ceil(seconds)} s left`;
  const totalMinutes = Math.ceil(seconds / 60);
  if (totalMinutes < 60) return `about ${totalMinutes} min left`;
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  return minutes === 0 ? `about ${hours} h left` : `about ${hours} h ${minutes} min left`;
}
