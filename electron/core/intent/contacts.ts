import type { WordSuggestion } from '../../../shared/schemas/intent';
import type { User } from '../../../shared/schemas/user';
import { isNumberWord, parseNumberPhrase, smallNumberName } from './numbers';
import { closestWord } from './suggestions';
import { foldAccents, TokenStream, type Token } from './text';

/** A place in the command that names someone, and who it can be. */
export interface RecipientMention {
  readonly first: number;
  readonly last: number;
  /** The user's own words, e.g. "my landlord", "Carol's Bakery", "user 2". */
  readonly text: string;
  /** Everyone the words fit; empty when they fit no contact ("user 9"). */
  readonly userIds: readonly string[];
  /** Right after "to" or a pay verb: the recipient rather than, say, part of a memo. */
  readonly direct: boolean;
}

/**
 * The acting user's contacts, indexed by every way the user may name them: display
 * name, first and last name, id ("user2", "user 2", "user two") and the user's own
 * nicknames. Built once per user list, since parsing runs once per command.
 */
export class ContactDirectory {
  /** Aliases by their first word, longest first, so each token looks up only its own. */
  private readonly aliases: Map<string, Alias[]>;

  private constructor(
    readonly actingUser: User,
    readonly contacts: readonly User[],
  ) {
    this.aliases = buildAliases(actingUser, contacts);
  }

  /** Everyone but the acting user is a contact; undefined if the acting user is unknown. */
  static fromUsers(users: readonly User[], actingUserId: string): ContactDirectory | undefined {
    const actingUser = users.find((user) => user.id === actingUserId);
    if (!actingUser) return undefined;
    return new ContactDirectory(
      actingUser,
      users.filter((user) => user.id !== actingUserId),
    );
  }

  displayName(userId: string): string {
    return this.contacts.find((user) => user.id === userId)?.displayName ?? userId;
  }

  /**
   * The one contact whose name (or nickname) `text` is a slip away from, as a suggestion
   * for the question about an unknown recipient: "alise" -> Alice Chen. Names that fit
   * several people suggest nobody.
   */
  suggestContact(text: string): WordSuggestion | undefined {
    // Names and nicknames only: "user 9" is not a slip for "user 2".
    const byName = new Map<string, Set<string>>();
    const add = (name: string | undefined, userId: string) => {
      if (!name) return;
      const key = foldAccents(name.toLowerCase());
      byName.set(key, (byName.get(key) ?? new Set()).add(userId));
    };
    for (const [nickname, userId] of Object.entries(this.actingUser.nicknames)) {
      add(nickname, userId);
    }
    for (const contact of this.contacts) {
      add(contact.displayName, contact.id);
      add(contact.firstName, contact.id);
      add(contact.lastName, contact.id);
      // "Carol's Bakery" is also "Carol".
      const [firstWord] = new TokenStream(contact.displayName).tokens;
      if (firstWord && firstWord.base !== firstWord.word) add(firstWord.base, contact.id);
    }
    // Only names of as many words: "user 9" is not "User" with a letter dropped.
    const said = foldAccents(text.toLowerCase());
    const words = said.split(/\s+/).length;
    const name = closestWord(
      said,
      [...byName.keys()].filter((key) => key.split(/\s+/).length === words),
    );
    const userIds = name === undefined ? [] : [...(byName.get(name) ?? [])];
    const [userId] = userIds;
    return userIds.length === 1 && userId && this.contacts.some((each) => each.id === userId)
      ? { word: text, replacement: this.displayName(userId) }
      : undefined;
  }

  /**
   * Finds and consumes every mention of a contact, longest first, so "Alex Kim" is one
   * person and "Alex" alone is two. Words of the form "user 9" that fit nobody are
   * still taken as a (unknown) mention, so their number isn't read as an amount.
   */
  takeMentions(stream: TokenStream): RecipientMention[] {
    const mentions: RecipientMention[] = [];
    for (let index = 0; index < stream.tokens.length; index += 1) {
      if (stream.isUsed(index)) continue;
      const token = stream.tokens[index];
      const candidates = [
        ...(this.aliases.get(token?.folded ?? '') ?? []),
        ...(token && token.foldedBase !== token.folded
          ? (this.aliases.get(token.foldedBase) ?? [])
          : []),
      ];
      const alias = candidates
        .sort((left, right) => right.words.length - left.words.length)
        .find((candidate) => matchesAt(stream, index, candidate.words));
      if (alias) {
        mentions.push(mentionOf(stream, index, index + alias.words.length, alias.userIds));
        index += alias.words.length - 1;
      }
    }
    for (const { first, last } of stream.matches(UNKNOWN_ID_PATTERN)) {
      mentions.push(mentionOf(stream, first, last, []));
    }
    return joinLists(
      stream,
      joinPossessives(
        stream,
        mentions.sort((left, right) => left.first - right.first),
      ),
    );
  }
}

const ARTICLES = new Set(['my', 'the', 'our', 'to']);
const DIRECT_BEFORE = new Set([
  'to',
  'pay',
  'send',
  'give',
  'tip',
  'wire',
  'transfer',
  'paying',
  'owe',
  'venmo',
]);
// Names that are also everyday words in commands would swallow them: "User Two" must
// not turn every "two" into a recipient. Ids and the user's own nicknames are kept.
const COMMON_WORDS = new Set([
  'user',
  'me',
  'my',
  'the',
  'to',
  'pay',
  'send',
  'every',
  'each',
  'on',
  'at',
  'for',
  'and',
  'a',
  'an',
]);
const UNKNOWN_ID_PATTERN =
  /\buser ?(?:\d{1,4}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b/g;

interface Alias {
  words: string[];
  userIds: string[];
}

const PRIORITY = { nickname: 0, id: 1, name: 2, part: 3 } as const;

function buildAliases(actingUser: User, contacts: readonly User[]): Map<string, Alias[]> {
  // For each spelling keep only the users with the strongest claim: a nickname the user
  // chose beats an id, which beats a full name, which beats a first or last name.
  const best = new Map<string, { priority: number; userIds: Set<string> }>();
  const add = (phrase: string, userId: string, priority: number) => {
    const words = wordsOf(phrase);
    if (words.length === 0) return;
    if (priority >= PRIORITY.name && words.length === 1 && isCommon(words[0] ?? '')) return;
    const key = words.join(' ');
    const current = best.get(key);
    if (!current || priority < current.priority) {
      best.set(key, { priority, userIds: new Set([userId]) });
    } else if (priority === current.priority) {
      current.userIds.add(userId);
    }
  };
  const contactIds = new Set(contacts.map((contact) => contact.id));
  for (const [nickname, userId] of Object.entries(actingUser.nicknames)) {
    if (contactIds.has(userId)) add(nickname, userId, PRIORITY.nickname);
  }
  for (const contact of contacts) {
    for (const spelling of idSpellings(contact.id)) add(spelling, contact.id, PRIORITY.id);
    add(contact.displayName, contact.id, PRIORITY.name);
    const [firstWord] = new TokenStream(contact.displayName).tokens;
    if (firstWord && firstWord.base !== firstWord.word)
      add(firstWord.base, contact.id, PRIORITY.part);
    if (contact.firstName) add(contact.firstName, contact.id, PRIORITY.part);
    if (contact.lastName) add(contact.lastName, contact.id, PRIORITY.part);
  }
  const byFirstWord = new Map<string, Alias[]>();
  for (const [key, { userIds }] of best) {
    const words = key.split(' ');
    const list = byFirstWord.get(words[0] ?? '') ?? [];
    list.push({ words, userIds: [...userIds].sort() });
    byFirstWord.set(words[0] ?? '', list);
  }
  return byFirstWord;
}

/** "user2" is also said "user 2" and "user two". */
function idSpellings(id: string): string[] {
  const match = /^([a-z]+)[-_]?(\d{1,2})$/i.exec(id);
  if (!match) return [id];
  const [, prefix = '', digits = ''] = match;
  const spoken = smallNumberName(Number(digits));
  return [id, `${prefix} ${digits}`, ...(spoken ? [`${prefix} ${spoken}`] : [])];
}

function wordsOf(phrase: string): string[] {
  return new TokenStream(phrase).tokens
    .filter((token) => /[\p{L}\p{N}]/u.test(token.text))
    .map((token) => token.folded);
}

function isCommon(word: string): boolean {
  return COMMON_WORDS.has(word) || isNumberWord(word) || parseNumberPhrase([word]) !== undefined;
}

function matchesAt(stream: TokenStream, index: number, words: readonly string[]): boolean {
  return words.every((word, offset) => {
    const token = stream.tokens[index + offset];
    return token !== undefined && !stream.isUsed(index + offset) && tokenMatches(token, word);
  });
}

function tokenMatches(token: Token, word: string): boolean {
  return token.folded === word || token.foldedBase === word;
}

function mentionOf(
  stream: TokenStream,
  first: number,
  last: number,
  userIds: readonly string[],
): RecipientMention {
  // "my landlord" and "the bakery" keep their article in the text shown back to the user.
  const article = stream.tokens[first - 1];
  const start =
    article && !stream.isUsed(first - 1) && /^(my|the|our)$/.test(article.lower)
      ? first - 1
      : first;
  stream.consume(start, last);
  const previous = nearestWordBefore(stream, start);
  return {
    first: start,
    last,
    text: stream.originalText(start, last),
    userIds,
    direct: previous === undefined || DIRECT_BEFORE.has(previous),
  };
}

/** "pay Alice and Bob": a name joined to a payee by "and"/"or" is a payee too. */
function joinLists(stream: TokenStream, mentions: RecipientMention[]): RecipientMention[] {
  return mentions.map((mention, index, all) => {
    const previous = index > 0 ? all[index - 1] : undefined;
    if (!previous?.direct || mention.direct) return mention;
    const between = stream.tokens.slice(previous.last, mention.first).map((token) => token.lower);
    const joined = between.length > 0 && between.every((word) => LIST_WORDS.has(word));
    return joined ? { ...mention, direct: true } : mention;
  });
}

const LIST_WORDS = new Set(['and', 'or', '&', ',', '/', 'plus']);

/**
 * "Bob's landlord": a contact's possessive right before another mention names a third
 * person through the first, which ArcFlux can't resolve. The two become one mention that
 * fits both contacts, so the user is asked instead of either being paid.
 */
function joinPossessives(stream: TokenStream, mentions: RecipientMention[]): RecipientMention[] {
  const joined: RecipientMention[] = [];
  for (const mention of mentions) {
    const owner = joined.at(-1);
    const ownerEnd = owner ? stream.tokens[owner.last - 1] : undefined;
    if (owner && ownerEnd && ownerEnd.base !== ownerEnd.word && mention.first === owner.last) {
      joined[joined.length - 1] = {
        first: owner.first,
        last: mention.last,
        text: stream.originalText(owner.first, mention.last),
        userIds: [...new Set([...owner.userIds, ...mention.userIds])].sort(),
        direct: owner.direct,
      };
    } else {
      joined.push(mention);
    }
  }
  return joined;
}

function nearestWordBefore(stream: TokenStream, index: number): string | undefined {
  for (let previous = index - 1; previous >= 0; previous -= 1) {
    const lower = stream.tokens[previous]?.lower ?? '';
    if (ARTICLES.has(lower) && lower !== 'to') continue;
    if (/[\p{L}\p{N}]/u.test(lower)) return lower;
  }
  return undefined;
}
