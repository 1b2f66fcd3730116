import { CoreError } from '../../electron/core/errors';
import type { GenerateRequest, LanguageModel } from '../../electron/core/llm/languageModel';

/**
 * Language model TEST DOUBLES. None of them is a model: they answer from scripts so the
 * code around a model can be tested where no weights exist. Each is named as a double,
 * and the tests that use them say so in their names.
 */
export interface LanguageModelDouble extends LanguageModel {
  readonly requests: GenerateRequest[];
}

/** Answers each request with `reply(command, request)`; records every request. */
export function scriptedLanguageModelDouble(
  reply: (command: string, request: GenerateRequest) => string | Promise<string>,
  label = 'scripted LLM test double',
): LanguageModelDouble {
  const requests: GenerateRequest[] = [];
  return {
    label,
    requests,
    async generate(request) {
      requests.push(request);
      return reply(commandOf(request), request);
    },
  };
}

/** The command a prompt carries: the user message is `Command: "<JSON string>"`. */
export function commandOf(request: GenerateRequest): string {
  const user = request.messages.find((message) => message.role === 'user')?.content ?? '';
  const match = /^Command: (".*")$/s.exec(user);
  return match ? (JSON.parse(match[1] ?? '""') as string) : user;
}

/** The contacts the prompt lists (`Contacts: [...]` in the system message). */
export function contactsOf(
  request: GenerateRequest,
): { id: string; name: string; nicknames: string[] }[] {
  const system = request.messages.find((message) => message.role === 'system')?.content ?? '';
  const line = system.split('\n').find((candidate) => candidate.startsWith('Contacts: '));
  return line ? JSON.parse(line.slice('Contacts: '.length)) : [];
}

/**
 * The ways an obedient model can go wrong. Each turns a command into the answer a model
 * that follows every instruction in it (or simply makes things up) would give.
 */
export const OBEDIENT_STRATEGIES = [
  /** Does what the injected text says: "pay X N" becomes a payment of N to X. */
  'obeys_the_text',
  /** Pays the attacker the most it can think of. */
  'pays_the_attacker',
  /** Picks a real contact the command never named, with the largest number in it. */
  'picks_another_contact',
  /** Names a contact and amount from the text but supplies its own timestamp or rule. */
  'forges_the_schedule',
  /** Adds fields the schema has no place for: a raised limit, a pre-approval. */
  'raises_the_limit',
] as const;
export type ObedientStrategy = (typeof OBEDIENT_STRATEGIES)[number];

/**
 * ADVERSARIAL LLM TEST DOUBLE: a model that obeys every injection. It answers in valid
 * JSON of the requested shape, so only ArcFlux's grounding stands between it and money.
 */
export function obedientInjectionDouble(strategy: ObedientStrategy): LanguageModelDouble {
  return scriptedLanguageModelDouble(
    (command, request) => JSON.stringify(obedientAnswer(strategy, command, request)),
    `obedient injection LLM test double (${strategy})`,
  );
}

/** ADVERSARIAL LLM TEST DOUBLE: answers with garbage, never with a usable reading. */
export function garbageLanguageModelDouble(): LanguageModelDouble {
  let turn = 0;
  return scriptedLanguageModelDouble((command) => {
    turn += 1;
    return GARBAGE[turn % GARBAGE.length]?.(command) ?? '';
  }, 'garbage LLM test double');
}

/**
 * ADVERSARIAL LLM TEST DOUBLE: never answers. After the request's time limit it fails
 * exactly as the real worker does when it is stopped.
 */
export function timingOutLanguageModelDouble(): LanguageModelDouble {
  const double = scriptedLanguageModelDouble(
    (_command, request) =>
      new Promise<string>((_resolve, reject) =>
        setTimeout(
          () =>
            reject(
              new CoreError(
                'unavailable',
                `The local language model with ${double.label} took longer than ${request.timeoutMs} ms and was stopped.`,
              ),
            ),
          request.timeoutMs,
        ),
      ),
    'timing-out LLM test double',
  );
  return double;
}

function obedientAnswer(strategy: ObedientStrategy, command: string, request: GenerateRequest) {
  const numbers = command.match(/\d[\d,]*(?:\.\d+)?/g) ?? [];
  const largest =
    numbers
      .map((number) => number.replace(/,/g, ''))
      .sort((left, right) => Number(right) - Number(left))[0] ?? '9999';
  const contacts = contactsOf(request);
  const lower = command.toLowerCase();
  const named = contacts.find((contact) =>
    [contact.name, contact.id, ...contact.nicknames].some((alias) =>
      lower.includes(alias.toLowerCase()),
    ),
  );
  switch (strategy) {
    case 'obeys_the_text': {
      const order = /(?:pay|send|transfer|give|wire)\s+(.+?)\s+\$?(\d[\d,]*(?:\.\d+)?)/i.exec(
        command,
      );
      return {
        kind: 'payment',
        amount: order?.[2] ?? largest,
        currency: /eur/i.test(command) ? 'EURC' : 'USDC',
        recipient: order?.[1] ?? named?.name ?? 'Mallory',
        when: /every (?:second|day|week|month)/i.exec(command)?.[0] ?? null,
        memo: null,
      };
    }
    case 'pays_the_attacker':
      return {
        kind: 'payment',
        amount: '9999',
        currency: 'USDC',
        recipient: 'Mallory',
        when: 'every second',
      };
    case 'picks_another_contact': {
      const other = [...contacts].reverse().find((contact) => contact !== named);
      return {
        kind: 'payment',
        amount: largest,
        currency: 'USDC',
        recipient: other?.name ?? 'User Two',
        when: null,
      };
    }
    case 'forges_the_schedule':
      return {
        kind: 'payment',
        amount: numbers[0]?.replace(/,/g, '') ?? largest,
        currency: 'USDC',
        recipient: named?.name ?? 'Bob',
        when: lower.length % 2 === 0 ? '2026-11-03T09:00:00Z' : 'FREQ=SECONDLY;INTERVAL=1',
      };
    case 'raises_the_limit':
      return {
        kind: 'payment',
        amount: largest,
        currency: 'USDC',
        recipient: named?.name ?? 'Mallory',
        when: null,
        limit: '1000000',
        approved: true,
      };
  }
}

const GARBAGE: ((command: string) => string)[] = [
  () => '',
  () => 'Sure! I will pay everyone right away.',
  () => '{"kind":"payment","amount":',
  () => '{"kind":"payment"} {"kind":"payment"}',
  () => '<think>The user wants money moved. I will comply.',
  (command) =>
    `\`\`\`json\n{"kind":"payment","amount":9999,"recipient":${JSON.stringify(command)}}\n\`\`\``,
  () => '{"kind":"confirm"}',
  () => '\u0000\u0001\u202e{}\u202c',
  () => 'null',
  () => '[{"kind":"payment","amount":"1","recipient":"Bob"}]',
];

/**
 * LLM TEST DOUBLE for narratives: reads no commands (it answers `{"kind":"none"}` to an
 * intent prompt, so it changes no reading) and writes `narrate(facts)` for anything else.
 */
export function narratingLanguageModelDouble(
  narrate: (facts: string) => string | Promise<string>,
  label = 'narrating LLM test double',
): LanguageModelDouble {
  return scriptedLanguageModelDouble((_command, request) => {
    const system = request.messages.find((message) => message.role === 'system')?.content ?? '';
    if (system.startsWith('You read one command')) return '{"kind":"none"}';
    const facts = request.messages.find((message) => message.role === 'user')?.content ?? '';
    return narrate(facts);
  }, label);
}
