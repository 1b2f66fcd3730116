import { wordTable } from './wordTable';
/**
 * Invisible characters that change what text looks like without changing what it says:
 * bidirectional controls, which reorder characters on screen ("‮004" shows as "400"),
 * and zero-width characters, which hide inside words. ArcFlux refuses a command holding
 * one instead of reading past it: what the user sees must be what is parsed. A zero-width
 * joiner between two emoji (👩‍👩‍👧) is how emoji are built, so it is allowed there, and so
 * is a byte-order mark at the very start of pasted text.
 */
export interface HiddenCharacter {
  /** "U+202E". */
  code: string;
  name: string;
  /** Its position among the command's characters, from 1. */
  position: number;
  /** Up to 20 visible characters before it, to say where it is. */
  after: string;
}

export function findHiddenCharacters(text: string): HiddenCharacter[] {
  const found: HiddenCharacter[] = [];
  const characters = Array.from(text);
  characters.forEach((character, index) => {
    const name = NAMES[character];
    if (name === undefined) return;
    if (character === '\u200D' && isPictographic(characters[index - 1], characters[index + 1])) {
      return;
    }
    if (character === '\uFEFF' && index === 0) return;
    const before = characters
      .slice(0, index)
      .filter((each) => NAMES[each] === undefined)
      .join('');
    found.push({
      code: `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`,
      name,
      position: index + 1,
      after: before.slice(-20),
    });
  });
  return found;
}

/** The refusal: which character, where, why it matters and what to do. */
export function hiddenCharacterReason(found: readonly HiddenCharacter[]): string {
  const [first] = found;
  if (!first) return '';
  const where = first.after.trim() ? `after “${first.after.trimStart()}”` : 'at the start';
  const more = found.length > 1 ? ` and ${found.length - 1} more like it` : '';
  return `The command contains an invisible ${first.name} (${first.code}) ${where}, at character ${first.position}${more}. Such characters can make the text on screen differ from what ArcFlux reads, so nothing was read. Type the command again without pasting it.`;
}

function isPictographic(before: string | undefined, after: string | undefined): boolean {
  const pictographic = /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\uFE0F/u;
  return Boolean(before && after && pictographic.test(before) && pictographic.test(after));
}

const NAMES: Record<string, string> = wordTable({
  '\u202A': 'left-to-right embedding',
  '\u202B': 'right-to-left embedding',
  '\u202C': 'pop directional formatting',
  '\u202D': 'left-to-right override',
  '\u202E': 'right-to-left override',
  '\u2066': 'left-to-right isolate',
  '\u2067': 'right-to-left isolate',
  '\u2068': 'first strong isolate',
  '\u2069': 'pop directional isolate',
  '\u200E': 'left-to-right mark',
  '\u200F': 'right-to-left mark',
  '\u061C': 'Arabic letter mark',
  '\u200B': 'zero-width space',
  '\u200C': 'zero-width non-joiner',
  '\u200D': 'zero-width joiner',
  '\u2060': 'word joiner',
  '\uFEFF': 'zero-width no-break space',
  '\u180E': 'Mongolian vowel separator',
});
