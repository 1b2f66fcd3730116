/**
 * Finds calendar dates written into text: the absolute dates a test might pin to the wall
 * clock. Pure, so the check and its own tests share it.
 */
export interface FoundDate {
  line: number;
  text: string;
  /** The first day the text can mean (a month alone means its 1st). */
  date: { year: number; month: number; day: number };
}

const MONTH_NAME =
  '(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)';
const YEAR = '((?:19|20|21)\\d{2})';

/** Each shape, and how its groups become year, month (1-12) and day. */
const SHAPES: { pattern: RegExp; read(groups: string[]): [number, number, number] }[] = [
  // 2026-12-01, 2026-12-01T14:00Z, 2026/12/01, 2026.12.01
  {
    pattern: new RegExp(
      `(?<![\\d.])${YEAR}([-/.])(0[1-9]|1[0-2])\\2(0[1-9]|[12]\\d|3[01])(?!\\d)`,
      'g',
    ),
    read: ([year, , month, day]) => [Number(year), Number(month), Number(day)],
  },
  // 2026-12 (a month): not followed by a day, and not a range such as 2019-2020.
  {
    pattern: new RegExp(`(?<![\\d.])${YEAR}-(0[1-9]|1[0-2])(?![-/\\d])`, 'g'),
    read: ([year, month]) => [Number(year), Number(month), 1],
  },
  // 12/01/2026 and 1/12/2026: read both ways; the earlier reading is kept.
  {
    pattern: new RegExp(`(?<![\\d/])(\\d{1,2})/(\\d{1,2})/${YEAR}(?!\\d)`, 'g'),
    read: ([first, second, year]) =>
      Number(first) <= 12 ? [Number(year), Number(first), 1] : [Number(year), Number(second), 1],
  },
  // December 1, 2026 / Dec 1st 2026 / December 2026
  {
    pattern: new RegExp(
      `\\b${MONTH_NAME}\\.?(?:\\s+(\\d{1,2})(?:st|nd|rd|th)?)?,?\\s+${YEAR}\\b`,
      'gi',
    ),
    read: ([month, day, year]) => [Number(year), monthNumber(month ?? ''), Number(day || 1)],
  },
  // 1 December 2026 / 1st Dec, 2026
  {
    pattern: new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH_NAME}\\.?,?\\s+${YEAR}\\b`, 'gi'),
    read: ([day, month, year]) => [Number(year), monthNumber(month ?? ''), Number(day)],
  },
  // new Date(2026, 11, 1) and Date.UTC(2026, 11, 1): months count from 0.
  {
    pattern: new RegExp(
      `(?:new\\s+Date|Date\\.UTC)\\(\\s*${YEAR}\\s*,\\s*(\\d{1,2})(?:\\s*,\\s*(\\d{1,2}))?`,
      'g',
    ),
    read: ([year, month, day]) => [Number(year), Number(month) + 1, Number(day || 1)],
  },
];

/** "Sept" -> 9: the position of its first three letters among the months'. */
function monthNumber(name: string): number {
  return 'janfebmaraprmayjunjulaugsepoctnovdec'.indexOf(name.slice(0, 3).toLowerCase()) / 3 + 1;
}

export function findDates(text: string): FoundDate[] {
  const found: FoundDate[] = [];
  const lines = text.split('\n');
  lines.forEach((content, index) => {
    for (const shape of SHAPES) {
      for (const match of content.matchAll(shape.pattern)) {
        const [year, month, day] = shape.read(match.slice(1).map((group) => group ?? ''));
        if (month < 1 || month > 12 || day < 1 || day > 31) continue;
        found.push({ line: index + 1, text: match[0], date: { year, month, day } });
      }
    }
  });
  return found;
}

/** Whether `date` lies within `years` years either side of `today` (both in UTC days). */
export function isNear(date: FoundDate['date'], today: Date, years = 2): boolean {
  const day = Date.UTC(date.year, date.month - 1, date.day);
  const from = Date.UTC(today.getUTCFullYear() - years, today.getUTCMonth(), today.getUTCDate());
  const to = Date.UTC(today.getUTCFullYear() + years, today.getUTCMonth(), today.getUTCDate());
  return day >= from && day <= to;
}
