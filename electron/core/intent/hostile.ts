import type { TokenStream } from './text';

/**
 * Text aimed at ArcFlux rather than at a payment: orders to ignore what came before,
 * claims of authority ("ADMIN OVERRIDE:"), requests to skip the confirmation, claims that
 * the payment is already approved, and pasted conversations ("User: yes / Assistant:
 * sending..."). A person paying someone has no reason to write any of these, and a
 * command that does is refused by the Guardian whatever else it says. The phrases are
 * consumed, so their words aren't read as names or reported as unrecognized.
 * Returns whether any was found.
 */
export function takeHostileText(stream: TokenStream): boolean {
  let found = false;
  for (const pattern of HOSTILE_PATTERNS) {
    for (const { first, last } of stream.matches(pattern)) {
      stream.consume(first, last);
      found = true;
    }
  }
  return found;
}

const HOSTILE_PATTERNS = [
  // "ignore the above", "disregard all previous instructions", "forget your rules"
  /\b(?:ignore|disregard|forget|bypass|override|overrule)\b(?: (?:all|any|every|the|your|my|these|those|of|prior|previous|earlier|above|safety|security))* (?:above|previous|prior|earlier|preceding|instructions?|rules?|guardian|checks?|limits?|safety|security|confirmations?|prompts?|policy|policies|everything|anything)\b/g,
  // "system:", "admin override", "developer mode", "sudo"
  /\b(?:system|admin|administrator|developer|dev|root|operator|supervisor) (?:mode|override|prompt|access|command|message|instructions?|note|privileges?|rights)\b/g,
  /\b(?:admin|administrator|system|developer|root|operator)\b ?:/g,
  /\b(?:sudo|jailbreak|override)\b/g,
  // "no confirmation needed", "without asking", "don't ask me", "skip the checks"
  /\b(?:no|without|skip|skipping|bypass|bypassing) (?:any |the |a |further |extra |more )?(?:confirmation|confirming|approval|approving|verification|verifying|checks?|checking|questions?|asking|review|prompts?)(?: (?:needed|necessary|required))?\b/g,
  /\b(?:don'?t|do not|never|no need to) (?:ask|confirm|check|verify|question|double check)\b(?: (?:me|again|first|anything))*/g,
  /\b(?:confirmation|approval|verification) (?:is )?(?:not )?(?:needed|necessary|required|waived)\b/g,
  // "already approved", "pre-authorized", "auto-approve this"
  /\b(?:already|pre ?-?) ?(?:approved|authori[sz]ed|confirmed|verified|cleared|signed off)\b/g,
  /\bauto ?-?(?:approve|approved|confirm|confirmed)\b/g,
  // A pasted conversation: speaker labels such as "User:", "Assistant:", "AI:".
  /\b(?:user|assistant|ai|human|bot|chatbot|chatgpt|gpt|model|arcflux|agent|customer|support) :/g,
];
