import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_LAYOUT_HEIGHT, rowWindow } from '../../../renderer/src/components/ledger/rowWindow';

const ROW = 57;

/** Where row `index` sits in the layout for a window: its top, in pixels. */
function rowTop(view: ReturnType<typeof rowWindow>, index: number): number {
  return view.top + (index - view.first) * ROW;
}

describe('rowWindow', () => {
  it('lays a short list out one to one: a scrolled pixel is a row pixel', () => {
    const view = rowWindow({
      count: 1000,
      rowHeight: ROW,
      scrollTop: 57 * 100 + 20,
      viewportHeight: 640,
      overscan: 12,
    });
    expect(view).toEqual({
      first: 88,
      end: 124,
      top: 88 * ROW,
      bottom: (1000 - 124) * ROW,
      height: 1000 * ROW,
      ratio: 1,
    });
  });

  it('reaches the last of 1M rows within the layout cap, which a plain 57M px list passes', () => {
    const count = 1_000_000;
    const viewportHeight = 640;
    const bottom = rowWindow({
      count,
      rowHeight: ROW,
      scrollTop: MAX_LAYOUT_HEIGHT - viewportHeight,
      viewportHeight,
      overscan: 12,
    });
    expect(bottom.height).toBe(MAX_LAYOUT_HEIGHT);
    expect(bottom.end).toBe(count);
    // The last row ends exactly at the layout's bottom edge.
    expect(rowTop(bottom, count - 1) + ROW).toBe(MAX_LAYOUT_HEIGHT);
    expect(bottom.bottom).toBe(0);
    const middle = rowWindow({
      count,
      rowHeight: ROW,
      scrollTop: (MAX_LAYOUT_HEIGHT - viewportHeight) / 2,
      viewportHeight,
      overscan: 12,
    });
    expect(middle.ratio).toBeGreaterThan(3);
    expect(Math.abs(middle.first + 12 - count / 2)).toBeLessThan(20);
  });

  it('shows, for any scroll position, every row in view where the layout puts it, spacers and rows adding up', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3_000 }),
        fc.integer({ min: 1_000, max: 60_000 }),
        fc.integer({ min: 57, max: 900 }),
        fc.integer({ min: 0, max: 20 }),
        fc.double({ min: -0.1, max: 1.1, noNaN: true }),
        (count, maxHeight, viewportHeight, overscan, at) => {
          fc.pre(maxHeight > viewportHeight + 2 * (overscan + 1) * ROW);
          const height = Math.min(count * ROW, maxHeight);
          const scrollTop = at * Math.max(0, height - viewportHeight);
          const view = rowWindow({
            count,
            rowHeight: ROW,
            scrollTop,
            viewportHeight,
            overscan,
            maxHeight,
          });
          expect(view.height).toBe(height);
          expect(view.top).toBeGreaterThanOrEqual(-1e-6);
          expect(view.bottom).toBeGreaterThanOrEqual(-1e-6);
          expect(view.top + (view.end - view.first) * ROW + view.bottom).toBeCloseTo(height, 3);
          // Every pixel of the viewport shows a rendered row.
          const clamped = Math.min(Math.max(0, scrollTop), Math.max(0, height - viewportHeight));
          const shown = Math.min(viewportHeight, height);
          expect(rowTop(view, view.first)).toBeLessThanOrEqual(clamped + 1e-6);
          expect(rowTop(view, view.end)).toBeGreaterThanOrEqual(clamped + shown - 1e-6);
          expect(view.end - view.first).toBeLessThanOrEqual(
            Math.ceil(viewportHeight / ROW) + 1 + 2 * overscan,
          );
          // The ends of the list are where the scroll's ends are.
          if (clamped === 0) expect(view.first).toBe(0);
          if (clamped >= height - viewportHeight) expect(view.end).toBe(count);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('moves the rows forward, never back, as the scroll goes down, reaching each row on the way', () => {
    const count = 5_000;
    const maxHeight = 40_000;
    const viewportHeight = 600;
    let lastFirstSeen = -1;
    let lastOffset = -Infinity;
    for (let scrollTop = 0; scrollTop <= maxHeight - viewportHeight; scrollTop += 1) {
      const view = rowWindow({
        count,
        rowHeight: ROW,
        scrollTop,
        viewportHeight,
        overscan: 3,
        maxHeight,
      });
      // The row at the viewport's top edge, and how far the rows have moved up.
      const offset = view.first * ROW - view.top;
      const firstSeen = Math.floor((scrollTop + offset) / ROW);
      expect(offset).toBeGreaterThanOrEqual(lastOffset - 1e-6);
      expect(firstSeen).toBeGreaterThanOrEqual(lastFirstSeen);
      // A pixel of scroll moves the rows at most `ratio` pixels: no row is jumped over.
      expect(firstSeen - lastFirstSeen).toBeLessThanOrEqual(1);
      lastFirstSeen = firstSeen;
      lastOffset = offset;
    }
    expect(lastFirstSeen).toBe(count - Math.ceil(viewportHeight / ROW));
  });

  it('has nothing to lay out for no rows', () => {
    expect(
      rowWindow({ count: 0, rowHeight: ROW, scrollTop: 0, viewportHeight: 640, overscan: 12 }),
    ).toEqual({
      first: 0,
      end: 0,
      top: 0,
      bottom: 0,
      height: 0,
      ratio: 1,
    });
  });
});
