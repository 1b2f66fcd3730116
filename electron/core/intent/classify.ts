import type { z } from 'zod';
import type { queryTopicSchema } from '../../../shared/schemas/intent';
import type { TokenStream } from './text';

export type QueryTopic = z.infer<typeof queryTopicSchema>;

/**
 * "yes", "go ahead", "no, don't do it": a reply to a pending confirmation. Only a
 * command made entirely of such words counts, so "yes, pay Bob 20" stays a payment
 * and "yes no" is nothing.
 */
export function readConfirmation(stream: TokenStream): 'confirm' | 'deny' | undefined {
  const words: string[] = [];
  for (const token of stream.tokens) {
    if (!WORDLIKE.test(token.text)) continue;
    // A yes or no opens with one of its phrases; most commands are ruled out at word one.
    if (words.length === 0 && !PHRASES_BY_OPENER.has(token.word)) return undefined;
    words.push(token.word);
    if (words.length > 12) return undefined;
  }
  if (words.length === 0) return undefined;
  const polarities = new Set<'confirm' | 'deny'>();
  let index = 0;
  while (index < words.length) {
    const phrase = PHRASES_BY_OPENER.get(words[index] ?? '')?.find(({ words: phraseWords }) =>
      phraseWords.every((word, offset) => words[index + offset] === word),
    );
    if (!phrase) return undefined;
    if (phrase.polarity !== 'neutral') polarities.add(phrase.polarity);
    index += phrase.words.length;
  }
  return polarities.size === 1 ? [...polarities][0] : undefined;
}

/** "cancel my Friday payment to User Two", "stop paying Bob", "don't pay the bakery anymore". */
export function isCancellation(view: string): boolean {
  return CANCEL_PATTERNS.some((pattern) => pattern.test(view));
}

/**
 * "pause my payments to Bob", "hold my payments to Bob", "resume payments to Bob", "skip
 * next month's payment to Alice": what the Upcoming panel's buttons do, said. Only when
 * nothing in the command asks to pay, so "pay bob 20 and hold it" stays a payment.
 */
export function readManagement(view: string): 'pause' | 'resume' | 'skip' | undefined {
  const action = MANAGE_ACTIONS.find(({ pattern }) => pattern.test(view))?.action;
  if (!action) return undefined;
  // Said first ("resume paying the landlord", "restart the weekly transfer to Alex"), the
  // verb is the command whatever follows; later on, only when nothing asks to pay.
  const first = view.replace(LEADING_FILLER, '').replace(/^(?:can you|could you|please) /, '');
  const leads = MANAGE_ACTIONS.some(
    ({ pattern, action: each }) => each === action && pattern.test(first.split(' ')[0] ?? ''),
  );
  return leads || !ACTION_VERB.test(view) ? action : undefined;
}

// "skip the confirmation" is an order to ArcFlux, not a skip; "hold on" is a "wait".
const MANAGE_ACTIONS = [
  {
    action: 'skip',
    pattern:
      /\bskip\b(?! (?:the |any |all )?(?:confirmation|confirming|checks?|checking|verification|review|questions?|asking)\b)/,
  },
  { action: 'resume', pattern: /\b(?:resume|unpause|un-pause|restart|reactivate|continue)\b/ },
  {
    action: 'pause',
    pattern: /\b(?:pause|hold(?! (?:on|up)\b)|suspend|freeze)\b|\bput (?:\S+ ){0,4}on hold\b/,
  },
] as const;

/** "cancel all my scheduled payments", "cancel everything". */
export function cancelsEverything(view: string): boolean {
  return /\b(?:all|everything|every (?:scheduled |recurring |single )?(?:payment|transfer)s?)\b/.test(
    view,
  );
}

/**
 * The question's topic, or undefined when the command isn't a question. A command is a
 * question when it is phrased as one ("what's my balance", "did my payment go
 * through", "show upcoming") or is just a topic ("balance", "payment history") with
 * nothing that could be an amount.
 */
export function readQueryTopic(view: string): QueryTopic | undefined {
  const asked = QUESTION_START.test(view.replace(LEADING_FILLER, ''));
  const bare = !/\d/.test(view) && !ACTION_VERB.test(view);
  if (!asked && !bare) return undefined;
  return TOPICS.find(({ pattern }) => pattern.test(view))?.topic;
}

/** A verb that asks for money to move. */
export const PAY_VERB =
  /\b(?:pay|paying|send|sending|transfer|transferring|give|wire|tip|remit|zap|venmo|reimburse|payment|settle up)\b/;

// "payment history" is a topic, not an order: the noun doesn't count as a verb here.
const ACTION_VERB =
  /\b(?:pay|paying|send|sending|transfer|transferring|give|wire|tip|remit|zap|venmo|reimburse)\b/;

type Polarity = 'confirm' | 'deny' | 'neutral';

const CONFIRM_PHRASES = [
  'yes',
  'yeah',
  'yep',
  'yup',
  'ya',
  'yea',
  'y',
  'sure',
  'ok',
  'okay',
  'k',
  'confirm',
  'confirmed',
  'i confirm',
  'approve',
  'approved',
  'i approve',
  'go ahead',
  'go for it',
  'do it',
  'send it',
  'pay it',
  'proceed',
  'correct',
  'thats right',
  'that is right',
  'thats correct',
  'that is correct',
  'right',
  'affirmative',
  'absolutely',
  'of course',
  'please do',
  'sounds good',
  'looks good',
  'lgtm',
  'alright',
  'all right',
  'definitely',
  'agreed',
  'lets do it',
  'make it so',
  'execute',
  'yes sir',
  'sure thing',
  'yes please',
  'please do it',
];
const DENY_PHRASES = [
  'no',
  'nope',
  'nah',
  'n',
  'dont',
  'dont do it',
  'do not',
  'do not do it',
  'dont send it',
  'do not send it',
  'dont pay',
  'dont pay it',
  'do not pay',
  'stop',
  'cancel',
  'cancel it',
  'cancel that',
  'abort',
  'deny',
  'denied',
  'reject',
  'decline',
  'never mind',
  'nevermind',
  'forget it',
  'forget about it',
  'not now',
  'negative',
  'no way',
  'hold on',
  'wait',
  'not yet',
  'scratch that',
  'i changed my mind',
  'changed my mind',
];
const NEUTRAL_PHRASES = [
  'please',
  'thanks',
  'thank you',
  'thx',
  'ty',
  'pls',
  'plz',
  'hey',
  'arcflux',
  'then',
  'it',
];

const PHRASES: { words: string[]; polarity: Polarity }[] = [
  ...CONFIRM_PHRASES.map((phrase) => ({ phrase, polarity: 'confirm' as const })),
  ...DENY_PHRASES.map((phrase) => ({ phrase, polarity: 'deny' as const })),
  ...NEUTRAL_PHRASES.map((phrase) => ({ phrase, polarity: 'neutral' as const })),
]
  .map(({ phrase, polarity }) => ({ words: phrase.split(' '), polarity }))
  .sort((left, right) => right.words.length - left.words.length);

// The phrases by their first word, longest first, so each word looks at a handful.
const PHRASES_BY_OPENER = new Map<string, typeof PHRASES>();
for (const phrase of PHRASES) {
  const opener = phrase.words[0] ?? '';
  PHRASES_BY_OPENER.set(opener, [...(PHRASES_BY_OPENER.get(opener) ?? []), phrase]);
}
const WORDLIKE = /[\p{L}\p{N}]/u;

const CANCEL_PATTERNS = [
  /\b(?:cancel|unschedule|terminate|discontinue|delete|remove|halt)\b|\bget rid of\b/,
  /\b(?:stop|quit|end)(?: (?!after\b|on\b|at\b|when\b)\S+){0,3} (?:paying|sending|payments?|transfers?|autopay|subscriptions?)\b/,
  /\b(?:no longer|never again) (?:pay|send)\b/,
  /\b(?:don'?t|do not|never) (?:pay|send)\b/,
];

const LEADING_FILLER = /^(?:(?:hey|hi|ok|okay|so|please|arcflux|assistant|um|uh|,)\s*)+/;
const QUESTION_START =
  /^(?:what|what's|whats|how|how's|hows|when|when's|whens|which|who|did|do|does|was|were|is|are|has|have|had|any|show|list|tell|display|view|check|see|give me|let me see|where|why|can you (?:show|tell|list|check)|could you (?:show|tell|list|check)|i want to (?:see|know)|i'd like to (?:see|know))\b/;

const CURRENCY_WORD = '(?:usdc|usd|us dollars?|dollars?|bucks|eurc|eur|euros?|euro coins?)';

/**
 * "in dollars", "as euros": the currency a `worth` or `total` answer is expressed in.
 * Not "to"/"into": "convert my EURC to USDC" asks for money to move, which ArcFlux
 * doesn't do, and must not be answered with an estimate as if it had been understood.
 */
export const TARGET_CURRENCY = new RegExp(`\\b(?:in|as) (${CURRENCY_WORD})\\b`);

const CONVERSION_VERB = /\b(?:convert|converting|exchange|exchanging|swap|swapping|trade)\b/;

const TOTAL_WORDS =
  /\b(?:total|combined|overall) (?:balances?|funds|money|holdings|worth)\b|\b(?:my|the) total\b(?! (?:paid|payments?|spent|spending|sent|sending|transfers?)\b)|\bnet worth\b|\b(?:have|got|hold) (?:\S+ ){0,3}(?:in total|altogether|all together|combined)\b|\bbalances? (?:combined|altogether|in total|added up)\b|\badd up my balances?\b/;

const TOPICS: { topic: QueryTopic; pattern: RegExp }[] = [
  // "what's my total in dollars", "total balance", "how much do I have altogether": before
  // `balance`, which "total balance" also matches. "my total spending" stays history.
  {
    topic: 'total',
    pattern: new RegExp(`^(?!.*${CONVERSION_VERB.source})(?!.*\\d).*(?:${TOTAL_WORDS.source})`),
  },
  // "what's my EURC worth in dollars", "how much is my EURC in USD". Never with a number:
  // "how much is 100 EURC in USD" asks about 100 EURC, not the balance, and is not answered
  // as if it were.
  {
    topic: 'worth',
    pattern: new RegExp(
      `^(?!.*${CONVERSION_VERB.source})(?!.*\\d).*(?:\\b${CURRENCY_WORD} (?:\\S+ ){0,1}worth\\b|\\bworth of ${CURRENCY_WORD}\\b|\\b${CURRENCY_WORD} ${TARGET_CURRENCY.source})`,
    ),
  },
  // "when does my next rent payment go out": a question about what is to come.
  {
    topic: 'upcoming',
    pattern:
      /^(?:when|what time) (?:does|will|is|do) (?:\S+ ){0,10}(?:go out|run|be paid|be sent|due|happen)\b/,
  },
  {
    topic: 'risk',
    pattern:
      /\b(?:risks?|risky|flags?|flagged|suspicious|fraud|fraudulent|blocked|held|denied|warnings?|alerts?|dangerous|under review)\b/,
  },
  {
    topic: 'status',
    pattern:
      /(?<!how much )\bdid (?:\S+ ){1,3}(?:get|receive|got)\b|\b(?:status|go through|went through|gone through|go out|went out|succeed|succeeded|fail|failed|arrive|arrived|landed|complete|completed|paid yet|been paid|been sent|happen|happened|processed|stuck|done|cancelled|canceled)\b|(?:^|, )(?:did|have) i (?:pay|paid|send|sent)\b|(?<!how much )\b(?:was|were|is|has|have) (?:\S+ ){0,4}(?:been )?(?:paid|sent)\b/,
  },
  {
    topic: 'upcoming',
    pattern:
      /\b(?:upcoming|scheduled|coming up|next|future|planned|due|recurring|standing|schedule|will i (?:pay|send)|going to (?:pay|send)|subscriptions?|autopays?)\b/,
  },
  {
    topic: 'balance',
    pattern:
      /\b(?:balances?|funds|available|wallet|(?:do|have) i (?:have|got)|left|how much (?:money|usdc|eurc|cash|dollars|euros)(?! did| have i))\b/,
  },
  {
    topic: 'history',
    pattern:
      /\b(?:history|past|previous|transactions?|statements?|sent|paid|spent|spend|spending|payments?|transfers?|activity|ledger|receipts?|how much (?:did|have) i|last)\b/,
  },
];
