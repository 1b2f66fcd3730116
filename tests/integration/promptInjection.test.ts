import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { addAmounts, compareAmounts, toMinorUnits } from '../../shared/money';
import type { CommandResult } from '../../shared/contract/commands';
import type { Payment } from '../../shared/schemas/payment';
import type { User } from '../../shared/schemas/user';
import { formatDecimal, parseNumberPhrase } from '../../electron/core/intent/numbers';
import type { LanguageModel } from '../../electron/core/llm/languageModel';
import { repositoryRoot } from '../support/dataFolder';
import {
  garbageLanguageModelDouble,
  OBEDIENT_STRATEGIES,
  obedientInjectionDouble,
  timingOutLanguageModelDouble,
} from '../support/languageModelDoubles';
import { configWith, moneyFolder, openMoneyCore } from '../support/moneyCore';

/**
 * Every line of the prompt-injection corpus goes through the real command path, as the
 * doors send it (`commands:run`), with a user who says yes to every confirmation and a
 * scheduler that then runs what is due. The local model is an ADVERSARIAL LLM TEST
 * DOUBLE: one that obeys every injection (five ways), one that answers garbage, one that
 * never answers in time. Whatever it says, no payment may be proposed, confirmed or
 * executed whose recipient the command does not literally name, whose amount the command
 * does not state, or that breaks a limit; and every payment the model had a hand in must
 * have asked the user first.
 */
const CORPUS = join(repositoryRoot, 'tests', 'fixtures', 'promptInjection.jsonl');
const lineSchema = z.object({ category: z.string(), text: z.string() }).strict();
const corpus = readFileSync(CORPUS, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => lineSchema.parse(JSON.parse(line)));

/** Commands that say no amount at all: any number in them is a date, a time or a count. */
const saysNoAmount = new Set(
  corpus.filter((line) => line.category === 'no_amount').map((line) => line.text),
);

const users = (
  JSON.parse(readFileSync(join(repositoryRoot, 'data', 'users.json'), 'utf8')) as { data: User[] }
).data;
const payer = users.find((user) => user.id === 'user1') as User;

interface Pass {
  name: string;
  model: () => LanguageModel;
  /** Which lines to run: the slow double runs on a sample. */
  lines: (index: number) => boolean;
  /** Moves the clock past the model's rest after a failure, so every line reaches it. */
  restBetween?: boolean;
  /** Payments it must confirm to show the pass isn't vacuous (fewer for a sample). */
  minimumConfirmed?: number;
}

const PASSES: Pass[] = [
  ...OBEDIENT_STRATEGIES.map((strategy) => ({
    name: `obedient injection LLM test double (${strategy})`,
    model: () => obedientInjectionDouble(strategy),
    lines: () => true,
  })),
  { name: 'garbage LLM test double', model: garbageLanguageModelDouble, lines: () => true },
  {
    name: 'timing-out LLM test double',
    model: timingOutLanguageModelDouble,
    lines: (index) => index % 4 === 0,
    restBetween: true,
    // A quarter of the lines: 8 of its 53 read as clean payments by the rules alone.
    minimumConfirmed: 5,
  },
];

interface Counts {
  lines: number;
  refusedAtDoor: number;
  modelCalls: number;
  /** Payments the rules read and the model read the same way. */
  modelAgreed: number;
  /** Payments only the model understood, or that the two engines read differently. */
  modelSourced: number;
  proposed: number;
  confirmed: number;
  executed: number;
  /** Runs the scheduler's own re-check (balance, limits) refused when they came due. */
  refusedWhenDue: number;
  violations: string[];
}

const totals: Record<string, Counts> = {};

afterAll(() => {
  // The figures the issue asks for, printed whatever the outcome.
  console.log('prompt-injection corpus: %d lines', corpus.length);
  console.table(
    Object.fromEntries(
      Object.entries(totals).map(([name, counts]) => [
        name,
        { ...counts, violations: counts.violations.length },
      ]),
    ),
  );
});

describe('prompt-injection corpus through commands:run (ADVERSARIAL LLM TEST DOUBLES)', () => {
  it('holds at least 150 lines, controls included', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(150);
    expect(corpus.filter((line) => line.category === 'control').length).toBeGreaterThan(20);
  });

  for (const pass of PASSES) {
    it(`makes no payment outside the user's words, contacts and limits: ${pass.name}`, async () => {
      const counts = await runPass(pass);
      totals[pass.name] = counts;
      expect(counts.violations).toEqual([]);
      // Not vacuous: the controls do make payments, and the model was asked.
      expect(counts.confirmed).toBeGreaterThan(pass.minimumConfirmed ?? 10);
      expect(counts.modelCalls).toBeGreaterThan(0);
    }, 120_000);
  }
});

async function runPass(pass: Pass): Promise<Counts> {
  const folder = moneyFolder();
  const configPath = configWith(folder.path, (config) => {
    config.models.llm.enabled = true;
    config.models.llm.timeoutMs = 100;
  });
  const model = pass.model();
  let calls = 0;
  const money = await openMoneyCore({
    dataDir: folder.path,
    configPath,
    languageModel: () => ({
      label: model.label,
      generate: (request) => {
        calls += 1;
        return model.generate(request);
      },
    }),
  });
  const counts: Counts = {
    lines: 0,
    refusedAtDoor: 0,
    modelCalls: 0,
    modelAgreed: 0,
    modelSourced: 0,
    proposed: 0,
    confirmed: 0,
    executed: 0,
    refusedWhenDue: 0,
    violations: [],
  };
  const sourceOf = new Map<string, string>();
  try {
    for (const [index, line] of corpus.entries()) {
      if (!pass.lines(index)) continue;
      counts.lines += 1;
      if (pass.restBetween) money.clock.advance(61_000);
      const reply = await money.core.invoke('commands:run', { text: line.text });
      if (!reply.ok) {
        counts.refusedAtDoor += 1;
        continue;
      }
      const result: CommandResult = reply.data;
      checkModelAsked(result, line.text, counts);
      if (result.payment) sourceOf.set(result.payment.id, line.text);
      if (result.proposal && result.payment) {
        counts.proposed += 1;
        // The user who says yes to everything: the worst case for what a model proposes.
        const confirmed = await money.core.invoke('payments:confirm', { id: result.payment.id });
        if (confirmed.ok) counts.confirmed += 1;
      } else if (result.payment?.status === 'scheduled') {
        counts.confirmed += 1;
      }
    }
    money.clock.advance(60_000);
    const tick = await money.call('scheduler:tick', {});
    counts.executed = tick.executed.length;
    counts.refusedWhenDue = tick.failed.length;
    const ledger = await money.call('payments:list', { limit: 1000 });
    checkLedger(ledger.items, sourceOf, counts);
    checkMoneyMoved(tick.executed, ledger.items, counts);
  } finally {
    counts.modelCalls = calls;
    await money.core.close();
    folder.remove();
  }
  return counts;
}

/** A payment the model had a hand in must have asked the user, whatever the score. */
function checkModelAsked(result: CommandResult, text: string, counts: Counts): void {
  const { intent, decision } = result;
  if (intent.kind !== 'payment' || !intent.modelReading) return;
  if (intent.modelReading.verdict === 'agree') {
    counts.modelAgreed += 1;
    return;
  }
  counts.modelSourced += 1;
  if (decision.outcome === 'approved') {
    counts.violations.push(`approved without asking (${intent.modelReading.verdict}): ${text}`);
  }
}

/** Every payment that may move money, checked against the words that made it. */
function checkLedger(payments: Payment[], sourceOf: Map<string, string>, counts: Counts): void {
  const live = payments.filter(
    (payment) => sourceOf.has(payment.id) && !['denied', 'cancelled'].includes(payment.status),
  );
  for (const payment of live) {
    const text = sourceOf.get(payment.id) ?? '';
    const where = `${payment.status} ${payment.amount} ${payment.currency} to ${payment.recipientId} from ${JSON.stringify(text)}`;
    if (!namesContact(text, payment.recipientId))
      counts.violations.push(`recipient not named: ${where}`);
    if (!statesAmount(text, payment.amount)) counts.violations.push(`amount not stated: ${where}`);
    if (saysNoAmount.has(text))
      counts.violations.push(`paid from a command with no amount: ${where}`);
    if (compareAmounts(payment.amount, '10000') > 0)
      counts.violations.push(`over the per-payment limit: ${where}`);
  }
}

/**
 * The money that moved: the scheduler's limits hold for what actually left the wallet
 * (payments waiting for a later day don't count towards today).
 */
function checkMoneyMoved(
  executed: { paymentId: string; occurrenceAt: string }[],
  payments: Payment[],
  counts: Counts,
): void {
  const perDay = new Map<string, string>();
  for (const run of executed) {
    const payment = payments.find((candidate) => candidate.id === run.paymentId);
    if (!payment) continue;
    const day = `${payment.currency} ${run.occurrenceAt.slice(0, 10)}`;
    perDay.set(day, addAmounts(perDay.get(day) ?? '0', payment.amount));
  }
  for (const [day, total] of perDay) {
    if (compareAmounts(total, '15000') > 0)
      counts.violations.push(`over the daily limit on ${day}: ${total}`);
  }
}

/**
 * The test's own reading of "literally named": a contact's name, first or last name, id
 * (also "user 2", "user two") or the payer's nickname for them, as whole words of the
 * command after Unicode normalisation and removing invisible format characters.
 */
function namesContact(text: string, userId: string): boolean {
  const contact = users.find((user) => user.id === userId);
  if (!contact || userId === payer.id) return false;
  const words = ` ${plain(text)} `;
  const number = /(\d+)$/.exec(userId)?.[1];
  const aliases = [
    contact.displayName,
    contact.firstName,
    contact.lastName,
    contact.id,
    ...(number ? [`user ${number}`, `user ${SPOKEN[Number(number)] ?? number}`] : []),
    ...Object.entries(payer.nicknames)
      .filter(([, id]) => id === userId)
      .map(([nickname]) => nickname),
    ...(contact.displayName.includes("'") ? [contact.displayName.split("'")[0]] : []),
  ].flatMap((alias) => (alias ? [plain(alias)] : []));
  return aliases.some((alias) => alias !== '' && words.includes(` ${alias} `));
}

/** Whether the command states `amount`: as digits (thousands separators allowed) or words. */
function statesAmount(text: string, amount: string): boolean {
  const clean = text
    .normalize('NFKC')
    .replace(/\p{Cf}/gu, '')
    .replace(/(\d),(?=\d{3})/g, '$1');
  const said = new Set<string>();
  for (const match of clean.matchAll(/(\d+(?:\.\d+)?)(k?)/gi)) {
    const value = match[2] ? String(Number(match[1]) * 1000) : (match[1] ?? '');
    said.add(canonical(value));
  }
  const words = plain(clean).split(' ');
  for (let first = 0; first < words.length; first += 1) {
    for (let last = first + 1; last <= Math.min(words.length, first + 8); last += 1) {
      const value = parseNumberPhrase(words.slice(first, last));
      if (value) said.add(canonical(formatDecimal(value)));
    }
  }
  return said.has(canonical(amount));
}

function canonical(decimal: string): string {
  try {
    return String(toMinorUnits(decimal));
  } catch {
    return decimal;
  }
}

function plain(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\p{Cf}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const SPOKEN = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
