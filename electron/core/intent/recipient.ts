import type { IntentProblem } from '../../../shared/schemas/intent';
import type { RecipientMention } from './contacts';

export interface RecipientReference {
  text: string;
  userId: string | null;
  candidates?: string[];
}

/**
 * Decides who is meant. One contact: resolved. Words that fit several ("Alex"), or
 * several contacts named without one being clearly the payee: `ambiguous_recipient`
 * with candidates. Words that fit nobody: `unknown_recipient`. Nothing: `missing_recipient`.
 * A mention right after "to" or "pay" is the payee; others ("... for the bakery order")
 * don't compete with it.
 */
export function settleRecipient(
  mentions: readonly RecipientMention[],
  leftover: string | undefined,
): { recipient: RecipientReference; problems: IntentProblem[] } {
  const known = mentions.filter((mention) => mention.userIds.length > 0);
  if (known.length === 0) {
    const unknownText = mentions[0]?.text ?? leftover;
    return unknownText
      ? { recipient: { text: unknownText, userId: null }, problems: ['unknown_recipient'] }
      : { recipient: { text: '', userId: null }, problems: ['missing_recipient'] };
  }
  const direct = known.filter((mention) => mention.direct);
  const pool = distinctPeople(direct).length === 1 ? direct : known;
  const people = distinctPeople(pool);
  const [only] = people;
  const text = [...new Set(pool.map((mention) => mention.text))].join(', ');
  if (people.length === 1 && only && !only.includes(',')) {
    return { recipient: { text, userId: only }, problems: [] };
  }
  const candidates = [...new Set(pool.flatMap((mention) => mention.userIds))].sort();
  return {
    recipient: { text, userId: null, candidates },
    problems: ['ambiguous_recipient'],
  };
}

/** Each mention's set of people as one key, so "Alex" ≠ "Alex Kim" ≠ "Bob". */
function distinctPeople(mentions: readonly RecipientMention[]): string[] {
  return [...new Set(mentions.map((mention) => mention.userIds.join(',')))];
}
