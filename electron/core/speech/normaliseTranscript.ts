import type { User } from '../../../shared/schemas/user';
import { isNumberWord, parseNumberPhrase, smallNumberName } from '../intent/numbers';

/**
 * The words recognition should get right for this user: every other user's display name
 * and the user's own nicknames for contacts.
 */
export function speechVocabulary(actingUser: User, users: readonly User[]): string[] {
  const names = users.filter((user) => user.id !== actingUser.id).map((user) => user.displayName);
  return [...new Set([...names, ...Object.keys(actingUser.nicknames)])];
}

/**
 * Rewrites what Whisper tends to write into the words the intent parser knows: spelled
 * currency codes ("U.S.D.C.", "u s d c") become USDC/EURC, and a vocabulary entry said
 * with digits or in other case ("user 2", "user two") becomes the entry as written
 * ("User Two"). It never adds or removes amounts.
 */
export function normaliseTranscript(text: string, vocabulary: readonly string[] = []): string {
  let result = text;
  for (const code of CURRENCY_CODES) {
    const spelled = code.split('').join('[.\\s]*');
    result = result.replace(new RegExp(`\\b${spelled}\\b\\.?`, 'gi'), code);
  }
  // Longer entries first, so "User Twenty" is not half-replaced by "User Two".
  const entries = [...vocabulary].sort((a, b) => b.length - a.length);
  for (const entry of entries) {
    const words = entry.trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) continue;
    const pattern = words.map(wordPattern).join('[\\s-]+');
    result = result.replace(new RegExp(`(?<![\\w-])${pattern}(?![\\w-])`, 'gi'), entry.trim());
  }
  return result;
}

const CURRENCY_CODES = ['USDC', 'EURC'];

/** A word, or the same number written with digits or in words. */
function wordPattern(word: string): string {
  const lower = word.toLowerCase();
  const spoken = isNumberWord(lower) ? parseNumberPhrase([lower]) : undefined;
  const asWord = spoken?.scale === 0 ? spoken.units : undefined;
  const asDigits = /^\d+$/.test(word) ? smallNumberName(Number(word)) : undefined;
  const alternatives = [escape(word)];
  if (asWord !== undefined) alternatives.push(String(asWord));
  if (asDigits) alternatives.push(asDigits);
  return `(?:${alternatives.join('|')})`;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
