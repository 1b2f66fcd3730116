import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Every text/background pair the stylesheet uses meets WCAG AA in both themes: 4.5:1 for
 * text, 3:1 for control outlines and the focus ring. Read from the tokens themselves, so a
 * colour change that breaks contrast fails here.
 */
const css = readFileSync(
  fileURLToPath(new URL('../../../renderer/src/styles/base.css', import.meta.url)),
  'utf8',
);
const tokens = new Map<string, [string, string]>();
for (const match of css.matchAll(
  /--([a-z0-9-]+):\s*light-dark\((#[0-9a-f]{6}),\s*(#[0-9a-f]{6})\)/g,
)) {
  tokens.set(match[1] ?? '', [match[2] ?? '', match[3] ?? '']);
}

const TEXT_PAIRS: [string, string][] = [
  ['text', 'bg'],
  ['text', 'surface'],
  ['text', 'surface-sunken'],
  ['text', 'surface-hover'],
  ['text', 'accent-soft'],
  ['text', 'tone-danger-bg'],
  ['text-muted', 'bg'],
  ['text-muted', 'surface'],
  ['text-muted', 'surface-sunken'],
  ['text-muted', 'surface-hover'],
  ['text-muted', 'accent-soft'],
  ['accent-text-on', 'accent'],
  ['accent-text-on', 'accent-hover'],
  ['accent', 'surface'],
  ['accent', 'accent-soft'],
  ['surface', 'usdc'],
  ['surface', 'eurc'],
  ['surface', 'tone-danger-text'],
  ['tone-danger-text', 'surface'],
  ['tone-danger-text', 'surface-sunken'],
  ['tone-warning-text', 'surface-sunken'],
  ...(['neutral', 'info', 'success', 'warning', 'danger'] as const).map(
    (tone): [string, string] => [`tone-${tone}-text`, `tone-${tone}-bg`],
  ),
];

const OUTLINE_PAIRS: [string, string][] = [
  ['border-strong', 'surface'],
  ['focus', 'surface'],
  ['focus', 'bg'],
];

describe('colour contrast', () => {
  it('reads the tokens', () => {
    expect(tokens.size).toBeGreaterThan(25);
  });

  for (const [theme, index] of [
    ['light', 0],
    ['dark', 1],
  ] as const) {
    it.each(TEXT_PAIRS)(`${theme}: --%s on --%s is at least 4.5:1`, (foreground, background) => {
      expect(ratio(colour(foreground, index), colour(background, index))).toBeGreaterThanOrEqual(
        4.5,
      );
    });
    it.each(OUTLINE_PAIRS)(`${theme}: --%s on --%s is at least 3:1`, (foreground, background) => {
      expect(ratio(colour(foreground, index), colour(background, index))).toBeGreaterThanOrEqual(3);
    });
  }
});

function colour(name: string, index: 0 | 1): string {
  const pair = tokens.get(name);
  if (!pair) throw new Error(`no light-dark() token --${name} in base.css`);
  return pair[index];
}

function ratio(foreground: string, background: string): number {
  const [lighter, darker] = [luminance(foreground), luminance(background)].sort((a, b) => b - a);
  return ((lighter ?? 0) + 0.05) / ((darker ?? 0) + 0.05);
}

function luminance(hex: string): number {
  const [red = 0, green = 0, blue = 0] = [1, 3, 5].map((start) => {
    const channel = parseInt(hex.slice(start, start + 2), 16) / 255;
    return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * red + 0.7152 * green + 0.0722 * blue;
}
