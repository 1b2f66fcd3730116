/**
 * The tallest the history's rows are laid out. Browsers cap an element's height (Chromium
 * at 33,554,431 px, Firefox near 17.9M): 828k rows of 57 px are 47M px, and every row past
 * the 588,000th could not be scrolled to. Past this height the rows are laid out this tall
 * and the scroll position is mapped onto them.
 */
export const MAX_LAYOUT_HEIGHT = 16_000_000;

export interface RowWindowInput {
  /** How many rows the list has. */
  readonly count: number;
  /** Every row's height, in pixels. */
  readonly rowHeight: number;
  /** The scroll container's scrollTop. */
  readonly scrollTop: number;
  /** How tall the scroll container shows, in pixels. */
  readonly viewportHeight: number;
  /** Rows kept in the DOM either side of those in view. */
  readonly overscan: number;
  /** The layout's cap; MAX_LAYOUT_HEIGHT but in tests. */
  readonly maxHeight?: number;
}

export interface RowWindow {
  /** The first row in the DOM. */
  readonly first: number;
  /** One past the last row in the DOM. */
  readonly end: number;
  /** The spacer above the rows, in pixels. */
  readonly top: number;
  /** The spacer below them. */
  readonly bottom: number;
  /** How tall the list is laid out: the spacers and the rows together. */
  readonly height: number;
  /** Rows' pixels per scrolled pixel here: 1 unless the list is taller than its cap. */
  readonly ratio: number;
}

/**
 * Which rows of a list of fixed-height rows to put in the DOM for a scroll position, and
 * the spacers around them. Arithmetic, whatever the count: a virtualizer that measured
 * each of 828k rows spent 50 ms of the first screen on it.
 *
 * Under the cap, a scrolled pixel is a row pixel. Over it, row `i` sits at
 * `i * rowHeight - offset`, where `offset` grows from 0 to the excess as the scroll goes
 * from one margin to the other: one to one within a margin of each end (so the first row
 * starts at the top and the last ends at the bottom), proportionally in between.
 */
export function rowWindow(input: RowWindowInput): RowWindow {
  const { count, rowHeight, viewportHeight, overscan } = input;
  const content = count * rowHeight;
  const cap = input.maxHeight ?? MAX_LAYOUT_HEIGHT;
  // Each end keeps a margin of one-to-one scrolling: enough that no row in the DOM starts
  // above the list's top or ends below its bottom, overscan included.
  const margin = (overscan + 1) * rowHeight;
  const compressed = content > cap && cap - viewportHeight > 2 * margin;
  const height = compressed ? cap : content;
  const maxScroll = Math.max(0, height - viewportHeight);
  const scrollTop = Math.min(Math.max(0, input.scrollTop), maxScroll);
  const { offset, ratio } = compressed
    ? mapping(content - height, maxScroll - 2 * margin, scrollTop - margin)
    : { offset: 0, ratio: 1 };
  const seen = scrollTop + offset;
  const first = Math.max(0, Math.floor(seen / rowHeight) - overscan);
  const end = Math.min(count, Math.ceil((seen + viewportHeight) / rowHeight) + overscan);
  const top = first * rowHeight - offset;
  return { first, end, top, bottom: height - top - (end - first) * rowHeight, height, ratio };
}

/**
 * How far the rows have moved up (`offset`), `past` pixels into the proportional `span`
 * between the margins, and how many row pixels a scrolled pixel moves there (`ratio`).
 */
function mapping(excess: number, span: number, past: number): { offset: number; ratio: number } {
  if (past <= 0) return { offset: 0, ratio: 1 };
  if (past >= span) return { offset: excess, ratio: 1 };
  return { offset: (excess * past) / span, ratio: 1 + excess / span };
}
