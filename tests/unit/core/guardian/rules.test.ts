import { describe, expect, it } from 'vitest';
import { decideOutcome, riskScore, worstLevel } from '../../../../electron/core/guardian/decide';
import { computeFeatures, type FeatureInput } from '../../../../electron/core/guardian/features';
import { evaluateRules, RULES } from '../../../../electron/core/guardian/rules';
import type { Spending } from '../../../../electron/core/guardian/spending';
import { medianAmount } from '../../../../electron/core/guardian/spending';
import { parseSystemConfig } from '../../../../electron/core/config/systemConfig';
import type { PaymentIntent } from '../../../../shared/schemas/intent';
import {
  KINDS_BEFORE_RECORDING,
  riskAssessmentSchema,
  riskRuleResultSchema,
} from '../../../../shared/schemas/risk';
import type { User } from '../../../../shared/schemas/user';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot } from '../../../support/dataFolder';

const config = parseSystemConfig(
  readFileSync(join(repositoryRoot, 'system_config.json'), 'utf8'),
  'system_config.json',
);
const policy = config.guardian;
const thresholds = config.guardianRules;
const users = JSON.parse(readFileSync(join(repositoryRoot, 'data', 'users.json'), 'utf8'))
  .data as User[];
const payer = users.find((user) => user.id === 'user1') as User;
const alice = users.find((user) => user.id === 'user3') as User; // whitelisted
const bob = users.find((user) => user.id === 'user4') as User; // not whitelisted

function intent(overrides: Partial<PaymentIntent> = {}): PaymentIntent {
  return {
    kind: 'payment',
    amount: '20',
    currency: 'USDC',
    recipient: { text: 'Alice', userId: 'user3' },
    schedule: { kind: 'once', runAt: null },
    problems: [],
    ...overrides,
  };
}

function spending(overrides: Partial<Spending> = {}): Spending {
  return {
    today: 0n,
    thisMonth: 0n,
    last24hCount: 0,
    last24h: 0n,
    last30dCount: 0,
    last30d: 0n,
    paidTo: paidTo('user3', [20_000_000n, 25_000_000n, 30_000_000n]),
    ...overrides,
  };
}

/** A recipient's history as the spending index reports it. */
function paidTo(recipientId: string, amounts: bigint[]): Spending['paidTo'] {
  return { recipientId, count: amounts.length, median: medianAmount(amounts) };
}

function assess(input: Partial<FeatureInput> = {}) {
  const featureInput: FeatureInput = {
    intent: intent(),
    payer,
    recipient: alice,
    balance: '5000',
    upcoming: 0n,
    spending: spending(),
    verification: 'verified',
    ...input,
  };
  const features = computeFeatures(featureInput);
  const findings = evaluateRules({
    intent: featureInput.intent,
    features,
    policy,
    thresholds,
    payerId: payer.id,
    payerRole: 'owner',
    recipient: featureInput.recipient,
  });
  const score = riskScore(findings.map((finding) => finding.level));
  return {
    features,
    findings,
    names: findings.filter((f) => f.level !== 'safe').map((f) => f.name),
    score,
    outcome: decideOutcome(findings, score, policy),
  };
}

describe('Guardian features', () => {
  it('computes the ratios and totals exactly from minor units', () => {
    const { features } = assess({ upcoming: 1_000_000_000n });
    expect(features).toMatchObject({
      amount: '20',
      balance: '5000',
      upcoming: '1000',
      balanceAfterUpcoming: '3980',
      amountToBalanceRatio: 0.005,
      whitelisted: true,
      firstPayment: false,
      recipientMedian: '25',
      amountToMedianRatio: 0.8,
      dailyTotalAfter: '20',
      verification: 'verified',
    });
  });

  it('takes the median of an even history as the mean of the middle two', () => {
    expect(medianAmount([1n, 3n, 2n, 10n])).toBe('0.000002');
    expect(medianAmount([])).toBeNull();
  });
});

describe('Guardian rules and outcomes', () => {
  it('asks whenever a local model alone understood the payment, or read it differently', () => {
    // The safest payment there is (trusted, verified, small) still asks.
    const modelOnly = assess({
      intent: intent({ modelReading: { verdict: 'model_only', model: 'Qwen3' } }),
    });
    expect(modelOnly).toMatchObject({
      outcome: 'needs_confirmation',
      names: ['model_only_understanding'],
    });
    const disagree = assess({
      intent: intent({
        modelReading: { verdict: 'disagree', model: 'Qwen3', fields: ['amount', 'schedule'] },
      }),
    });
    expect(disagree.outcome).toBe('needs_confirmation');
    expect(disagree.findings.find((finding) => finding.name === 'engines_disagree')).toMatchObject({
      level: 'warning',
      asksConfirmation: true,
      explanation: expect.stringContaining('read the amount and schedule differently'),
    });
    const agree = assess({
      intent: intent({ modelReading: { verdict: 'agree', model: 'Qwen3' } }),
    });
    expect(agree).toMatchObject({ outcome: 'approved', names: [], score: 0 });
  });

  it('approves a small one-off to a trusted, known, verified recipient', () => {
    const result = assess();
    expect(result.names).toEqual([]);
    expect(result.score).toBe(0);
    expect(result.outcome).toBe('approved');
  });

  it('asks for confirmation for a new recipient, a recurring schedule, or a large amount', () => {
    expect(
      assess({ recipient: bob, intent: intent({ recipient: { text: 'Bob', userId: 'user4' } }) }),
    ).toMatchObject({
      outcome: 'needs_confirmation',
      names: ['recipient_not_whitelisted', 'first_payment_to_recipient'],
    });
    const recurring = assess({
      intent: intent({
        schedule: {
          kind: 'recurring',
          rrule: 'FREQ=WEEKLY;BYDAY=FR',
          firstRun: '2026-11-06T14:00:00.000Z',
          timezone: 'America/New_York',
        },
      }),
    });
    expect(recurring.names).toEqual(['recurring_schedule']);
    expect(recurring.outcome).toBe('needs_confirmation');
    // 600 is over confirmAbove (500) and 24x the usual 25: unusual, but under every limit.
    const large = assess({ intent: intent({ amount: '600' }) });
    expect(large.names).toEqual(['above_confirmation_amount', 'unusual_amount_for_recipient']);
    expect(large.outcome).toBe('needs_confirmation');
  });

  it('denies over a limit, without the funds, in another currency, or to nobody known', () => {
    expect(assess({ intent: intent({ amount: '10001' }), balance: '20000' }).names).toContain(
      'per_payment_limit',
    );
    expect(
      assess({ spending: spending({ today: 14_990_000_000n }), balance: '20000' }).names,
    ).toEqual(['daily_limit']);
    expect(assess({ spending: spending({ thisMonth: 49_990_000_000n }) }).names).toEqual([
      'monthly_limit',
    ]);
    expect(assess({ balance: '10' }).names).toContain('insufficient_funds');
    expect(
      assess({ intent: intent({ currency: null, problems: ['unsupported_currency'] }) }).outcome,
    ).toBe('denied');
    const unknown = assess({
      recipient: undefined,
      intent: intent({ recipient: { text: 'Zed', userId: null }, problems: ['unknown_recipient'] }),
    });
    expect(unknown.names).toEqual(['unknown_recipient']);
    expect(unknown.score).toBe(1);
    expect(unknown.outcome).toBe('denied');
    expect(
      assess({ recipient: payer, intent: intent({ recipient: { text: 'me', userId: 'user1' } }) })
        .names,
    ).toContain('self_payment');
  });

  it('flags a payment whose warnings and dangers add up past flagScore', () => {
    const result = assess({
      recipient: bob,
      intent: intent({ amount: '900', recipient: { text: 'Bob', userId: 'user4' } }),
      verification: 'unknown',
      upcoming: 4_500_000_000n,
      spending: spending({ last24hCount: 12, paidTo: paidTo('user4', [10_000_000n]) }),
    });
    expect(result.score).toBeGreaterThan(policy.flagScore);
    expect(result.outcome).toBe('flagged');
  });

  it('warns when scheduled payments would be overdrawn, and when the share is large', () => {
    const result = assess({
      intent: intent({ amount: '30' }),
      balance: '100',
      upcoming: 80_000_000n,
    });
    expect(result.names).toEqual(['overdraws_with_upcoming']);
    expect(assess({ intent: intent({ amount: '30' }), balance: '50' }).names).toEqual([
      'large_share_of_balance',
    ]);
  });

  it('explains every finding in one line and never repeats a rule name', () => {
    const names = RULES.map((rule) => rule.name);
    expect(new Set(names).size).toBe(names.length);
    const { findings } = assess({
      recipient: bob,
      intent: intent({ amount: '900', recipient: { text: 'Bob', userId: 'user4' } }),
      verification: 'pending',
    });
    for (const finding of findings) {
      expect(finding.explanation).not.toContain('\n');
      expect(finding.explanation.length).toBeGreaterThan(10);
    }
  });

  it('scores deterministically: warnings compound, forbidden is 1, nothing passes 1', () => {
    expect(riskScore([])).toBe(0);
    expect(riskScore(['safe', 'safe'])).toBe(0);
    expect(riskScore(['warning'])).toBe(0.15);
    expect(riskScore(['warning', 'warning'])).toBe(0.2775);
    expect(riskScore(['danger', 'warning'])).toBe(0.5325);
    expect(riskScore(['forbidden', 'warning'])).toBe(1);
    expect(riskScore(Array(50).fill('danger'))).toBeLessThanOrEqual(1);
    expect(worstLevel(['safe', 'danger', 'warning'])).toBe('danger');
    expect(worstLevel([])).toBe('safe');
  });

  it('gives every finding its kind, so doors decide from codes and never from names', () => {
    const { findings } = assess({
      recipient: bob,
      intent: intent({ amount: '12000', recipient: { text: 'Bob', userId: 'user4' } }),
      balance: '20000',
    });
    expect(findings.map((finding) => [finding.name, finding.kind])).toEqual(
      expect.arrayContaining([
        ['per_payment_limit', 'limit'],
        ['recipient_not_whitelisted', 'recipient'],
        ['above_confirmation_amount', 'amount'],
      ]),
    );
    for (const rule of RULES) {
      // Rules that existed before kinds were recorded keep the kind old records load with.
      if (Object.hasOwn(KINDS_BEFORE_RECORDING, rule.name)) {
        expect(rule.kind, rule.name).toBe(KINDS_BEFORE_RECORDING[rule.name]);
      }
    }
  });

  it('loads results saved before kinds were recorded with the kind their rule had', () => {
    const saved = { name: 'engines_disagree', level: 'warning', explanation: 'Check it.' };
    expect(riskRuleResultSchema.parse(saved)).toEqual({ ...saved, kind: 'reading' });
    expect(riskRuleResultSchema.parse({ ...saved, name: 'retired_rule' }).kind).toBe('other');
    expect(riskRuleResultSchema.parse({ ...saved, kind: 'limit' }).kind).toBe('limit');
    expect(riskRuleResultSchema.safeParse({ ...saved, kind: 'vibes' }).success).toBe(false);
    const assessment = riskAssessmentSchema.shape.rules.parse([saved]);
    expect(assessment[0]?.kind).toBe('reading');
  });
});
