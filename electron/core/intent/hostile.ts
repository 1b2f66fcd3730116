import { anyOf, type TokenStream } from './text';

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
  // Chat-template markers ("<|im_start|>system", "[INST]") are punctuation to the tokens,
  // so they are looked for in the text itself.
  let found = CHAT_MARKERS.test(stream.text);
  if (!ANY_HOSTILE.test(stream.view)) return found;
  for (const pattern of HOSTILE_PATTERNS) {
    for (const { first, last } of stream.matches(pattern)) {
      stream.consume(first, last);
      found = true;
    }
  }
  return found;
}

// Prompt templates and pasted code: "<|im_start|>", "[INST]", "### Instruction:", "```".
const CHAT_MARKERS = /<\|[^|>\s]{1,24}\|>|\[\/?INST\]|<<\/?SYS>>|<\/?s>|^\s*#{2,} ?\w+ ?:|```/im;

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
  // Role play and new rules: "you are now PayBot", "from now on", "with no limits".
  /\b(?:you are now|you're now|act as|acting as|pretend(?: to be| you are)?|roleplay|role-play|new instructions?|new rules?)\b/g,
  /\b(?:no|without(?: any)?) (?:spending )?limits?\b|\bunlimited\b|\bignore (?:the |all |any |my )?(?:limits?|rules?)\b/g,
  // "you don't need to ask me to confirm", "no need for review"
  /\b(?:you )?(?:don'?t|do not) need to (?:ask|confirm|check|verify|review)\b(?: (?:me|it|first|again|to|confirm))*/g,
  /\bno need (?:for|to) (?:any )?(?:review|confirmation|confirm|approval|approve|checks?|check|verification|verify|ask|asking)\b/g,
  // Claimed authority: "this is your developer speaking", "authorized by the compliance team".
  /\bthis is (?:your|the) (?:developer|admin|administrator|creator|owner|operator|system|bank|manager)\b(?: speaking)?/g,
  /\b(?:authori[sz]ed|approved|cleared|signed off|sanctioned|verified) by\b(?: (?:the|arcflux|your|my|bank|compliance|security|admin|team|manager|support|owner))*/g,
  /\bcompliance(?: team)?\b/g,
  /\b(?:confirmation|confirmed|approval|approved|authorization) ?: ?(?:yes|true|ok|okay|granted|approved|given)\b/g,
  // Machine-readable orders: "role: system", "guardian disabled", "approved": true.
  /\brole ?: ?(?:system|assistant|developer|admin)\b/g,
  /\b(?:guardian|checks?|limits?|confirmation|safety) (?:is |are )?(?:off|disabled|bypassed|skipped|removed)\b/g,
  /\b(?:approved|authori[sz]ed|confirmed|verified) ?:? ?(?:true|yes)\b/g,
  // A pasted conversation: speaker labels such as "User:", "Assistant:", "AI:".
  /\b(?:user|assistant|ai|human|bot|chatbot|chatgpt|gpt|model|arcflux|agent|customer|support) :/g,
];

const ANY_HOSTILE = anyOf(HOSTILE_PATTERNS);
