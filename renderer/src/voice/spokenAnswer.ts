/**
 * A spoken answer to an open confirmation: "yes" or "no" (and close variants), only when
 * the whole transcript is that answer. Anything longer ("yes pay Bob 50 instead") is a
 * command, not an answer, and goes into the command box instead; so does anything unclear.
 */
export function spokenAnswer(transcript: string): 'yes' | 'no' | null {
  const words = transcript
    .toLowerCase()
    .replace(/[^a-z' ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (YES.has(words)) return 'yes';
  if (NO.has(words)) return 'no';
  return null;
}

// Kept short on purpose: a word that could mean either ("okay", "sure", "stop") is not here.
const YES = new Set([
  'yes',
  'yeah',
  'yep',
  'yup',
  'yes please',
  'confirm',
  'confirmed',
  'confirm it',
  'confirm payment',
  'confirm the payment',
  'yes confirm',
  'yes confirm it',
]);

const NO = new Set([
  'no',
  'nope',
  'no thanks',
  'no thank you',
  'cancel',
  'cancel it',
  'cancelled',
  'canceled',
  'cancel payment',
  'cancel the payment',
  'no cancel',
  'no cancel it',
  "don't",
  'do not',
]);
