import { z } from 'zod';

/**
 * E.164: a plus, a country code that never starts with 0, and at most 15 digits in all,
 * with no spaces or punctuation. SMS providers take nothing else, so a number is checked
 * here, where it enters, rather than refused later by the provider.
 */
const E164 = /^\+[1-9]\d{6,14}$/;

const E164_MESSAGE = 'must be an E.164 phone number such as +15550100';

export const phoneNumberSchema = z.string().regex(E164, E164_MESSAGE);

export function isE164(text: string): boolean {
  return E164.test(text);
}
