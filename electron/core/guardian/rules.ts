import { compareAmounts, formatAmount, type Currency } from '../../../shared/money';
import type { PaymentIntent } from '../../../shared/schemas/intent';
import { formatInstant } from '../../../shared/format';
import type { RiskFigures, RiskLevel, RiskRuleKind } from '../../../shared/schemas/risk';
import type { GuardianPolicy } from '../../../shared/schemas/settings';
import type { HouseholdRole, User } from '../../../shared/schemas/user';
import type { SystemConfig } from '../config/systemConfig';
import { secondApprovalRule } from '../household/secondApproval';
import type { Features } from './features';

export type GuardianThresholds = SystemConfig['guardianRules'];

export interface RuleContext {
  intent: PaymentIntent;
  features: Features;
  policy: GuardianPolicy;
  thresholds: GuardianThresholds;
  payerId: string;
  /** The payer's household role: a member's large payment needs a second person. */
  payerRole: HouseholdRole;
  recipient: User | undefined;
}

export interface RuleFinding {
  level: RiskLevel;
  /** One line a person can read in the confirmation dialog. */
  explanation: string;
  /** The figures the line names, for screens that show them without reading it. */
  figures?: RiskFigures;
}

export interface RuleDefinition {
  name: string;
  /** What the rule is about; doors decide from this, never from the name. */
  kind: RiskRuleKind;
  /** A finding of this rule means the user must confirm, whatever the score. */
  asksConfirmation?: boolean;
  evaluate(context: RuleContext): RuleFinding | null;
}

/**
 * The Guardian's named rules, in the order they are reported. Each looks at the features
 * and says nothing, or gives a level and one line of explanation. The worst level wins;
 * a `forbidden` finding denies the payment whatever else fired.
 */
export const RULES: readonly RuleDefinition[] = [
  {
    name: 'unsupported_currency',
    kind: 'request',
    evaluate: ({ intent }) =>
      intent.problems.includes('unsupported_currency')
        ? forbidden('ArcFlux pays only in USDC or EURC.')
        : null,
  },
  {
    name: 'unknown_recipient',
    kind: 'request',
    evaluate: ({ intent, recipient }) =>
      intent.problems.includes('unknown_recipient') ||
      (intent.recipient.userId !== null && recipient === undefined)
        ? forbidden(`"${intent.recipient.text}" is not one of your contacts.`)
        : null,
  },
  {
    // Words aimed at ArcFlux itself: a person paying someone never needs them, and a
    // command that carries them may not be what its sender typed.
    name: 'instructions_in_command',
    kind: 'request',
    evaluate: ({ intent }) =>
      intent.problems.includes('hostile_text')
        ? forbidden(
            'The command holds instructions for ArcFlux or a pasted conversation; type the payment on its own.',
          )
        : null,
  },
  {
    name: 'self_payment',
    kind: 'request',
    evaluate: ({ payerId, recipient }) =>
      recipient?.id === payerId ? forbidden('A payment to yourself moves nothing.') : null,
  },
  {
    // A model helps read commands; it never decides alone where money goes.
    name: 'model_only_understanding',
    kind: 'reading',
    asksConfirmation: true,
    evaluate: ({ intent }) =>
      intent.modelReading?.verdict === 'model_only'
        ? {
            level: 'warning',
            explanation: `Only the local language model understood this command; check every detail before you confirm.`,
          }
        : null,
  },
  {
    name: 'engines_disagree',
    kind: 'reading',
    asksConfirmation: true,
    evaluate: ({ intent }) =>
      intent.modelReading?.verdict === 'disagree'
        ? {
            level: 'warning',
            explanation: `The command parser and the local language model read the ${listFields(intent.modelReading.fields)} differently; this is the parser's reading.`,
          }
        : null,
  },
  {
    name: 'per_payment_limit',
    kind: 'limit',
    evaluate: ({ features, policy }) =>
      over(features.amount, policy.limits.perPayment)
        ? forbidden(
            `${money(features.amount, features)} is over the per-payment limit of ${money(policy.limits.perPayment, features)}.`,
          )
        : null,
  },
  {
    name: 'daily_limit',
    kind: 'limit',
    evaluate: ({ features, policy }) =>
      over(features.dailyTotalAfter, policy.limits.daily)
        ? forbidden(
            `With this payment today's total would be ${money(features.dailyTotalAfter, features)}, over the daily limit of ${money(policy.limits.daily, features)}.`,
          )
        : null,
  },
  {
    name: 'monthly_limit',
    kind: 'limit',
    evaluate: ({ features, policy }) =>
      over(features.monthlyTotalAfter, policy.limits.monthly)
        ? forbidden(
            `With this payment this month's total would be ${money(features.monthlyTotalAfter, features)}, over the monthly limit of ${money(policy.limits.monthly, features)}.`,
          )
        : null,
  },
  {
    name: 'insufficient_funds',
    kind: 'funds',
    evaluate: ({ features }) =>
      over(features.amount, features.balance)
        ? forbidden(
            `The balance of ${money(features.balance, features)} does not cover ${money(features.amount, features)}.`,
          )
        : null,
  },
  {
    name: 'overdraws_with_upcoming',
    kind: 'funds',
    evaluate: ({ features }) =>
      features.balanceAfterUpcoming !== null &&
      features.balanceAfterUpcoming.startsWith('-') &&
      !over(features.amount, features.balance)
        ? {
            level: 'danger',
            explanation: `With the ${money(features.upcoming, features)} already scheduled, this would leave ${money(features.balanceAfterUpcoming, features)}.`,
          }
        : null,
  },
  {
    // Refused outright: "every second" would pay out a balance between two looks at the
    // screen. The minimum is a setting, so a person who means it can lower it.
    name: 'schedule_too_frequent',
    kind: 'schedule',
    evaluate: ({ features, policy }) =>
      features.recurring &&
      features.shortestIntervalSeconds !== null &&
      features.shortestIntervalSeconds < policy.minimumIntervalSeconds
        ? {
            level: 'forbidden',
            explanation: `It would pay as often as every ${duration(features.shortestIntervalSeconds)}; schedules may run at most once every ${duration(policy.minimumIntervalSeconds)} (the minimum interval in Settings).`,
            figures: {
              intervalSeconds: features.shortestIntervalSeconds,
              minimumIntervalSeconds: policy.minimumIntervalSeconds,
            },
          }
        : null,
  },
  {
    // Danger, not forbidden: the first runs are covered and the balance may be topped up
    // before the named run, but the user must see the date and say yes.
    name: 'schedule_exhausts_balance',
    kind: 'funds',
    asksConfirmation: true,
    evaluate: ({ intent, features }) => {
      const run = features.exhaustsBalanceOnRun;
      const at = features.exhaustsBalanceAt;
      if (!features.recurring || run === null || at === null) return null;
      // A first run that already overdraws is the one-payment rules' finding.
      const firstRunFound =
        over(features.amount, features.balance) ||
        (features.balanceAfterUpcoming?.startsWith('-') ?? false);
      if (run === 1 && firstRunFound) return null;
      const zone = intent.schedule.kind === 'recurring' ? intent.schedule.timezone : 'UTC';
      return {
        level: 'danger',
        explanation: `By its run ${run} on ${formatInstant(at, zone)} the balance would be ${money(features.balanceAfterExhaustion, features)}: this schedule uses it up (your other scheduled payments counted).`,
        figures: {
          ...currencyOf(features),
          at,
          run,
          ...(features.balanceAfterExhaustion === null
            ? {}
            : { amount: features.balanceAfterExhaustion }),
        },
      };
    },
  },
  {
    // Danger: the scheduler refuses each run past the limit when it falls due, so the
    // schedule would not do what it says; the user must see that before saying yes.
    name: 'schedule_daily_limit',
    kind: 'limit',
    asksConfirmation: true,
    evaluate: ({ features, policy }) =>
      features.recurring &&
      features.busiestDay !== null &&
      over(features.busiestDayTotal, policy.limits.daily)
        ? {
            level: 'danger',
            explanation: `On ${dayWords(features.busiestDay)} your payments would total ${money(features.busiestDayTotal, features)}, over the daily limit of ${money(policy.limits.daily, features)}; runs past the limit will be refused.`,
            figures: limitFigures(
              features,
              features.busiestDay,
              features.busiestDayTotal,
              policy.limits.daily,
            ),
          }
        : null,
  },
  {
    name: 'schedule_monthly_limit',
    kind: 'limit',
    asksConfirmation: true,
    evaluate: ({ features, policy }) =>
      features.recurring &&
      features.busiestMonth !== null &&
      over(features.busiestMonthTotal, policy.limits.monthly)
        ? {
            level: 'danger',
            explanation: `In ${monthWords(features.busiestMonth)} your payments would total ${money(features.busiestMonthTotal, features)}, over the monthly limit of ${money(policy.limits.monthly, features)}; runs past the limit will be refused.`,
            figures: limitFigures(
              features,
              features.busiestMonth,
              features.busiestMonthTotal,
              policy.limits.monthly,
            ),
          }
        : null,
  },
  {
    name: 'large_share_of_balance',
    kind: 'funds',
    evaluate: ({ features, thresholds }) =>
      features.amountToBalanceRatio !== null &&
      features.amountToBalanceRatio > thresholds.largeShareOfBalance &&
      features.amountToBalanceRatio <= 1
        ? {
            level: 'warning',
            explanation: `This is ${Math.round(features.amountToBalanceRatio * 100)}% of what is left after scheduled payments.`,
          }
        : null,
  },
  {
    name: 'recipient_not_whitelisted',
    kind: 'recipient',
    asksConfirmation: true,
    evaluate: ({ features, recipient }) =>
      recipient && !features.whitelisted
        ? { level: 'warning', explanation: `${recipient.displayName} is not on your trusted list.` }
        : null,
  },
  {
    name: 'whitelisted_recipient',
    kind: 'recipient',
    evaluate: ({ features, recipient }) =>
      recipient && features.whitelisted
        ? { level: 'safe', explanation: `${recipient.displayName} is on your trusted list.` }
        : null,
  },
  {
    name: 'first_payment_to_recipient',
    kind: 'recipient',
    asksConfirmation: true,
    evaluate: ({ features, recipient }) =>
      recipient && features.firstPayment
        ? {
            level: 'warning',
            explanation: `This is your first payment to ${recipient.displayName}.`,
          }
        : null,
  },
  {
    name: 'above_confirmation_amount',
    kind: 'amount',
    asksConfirmation: true,
    evaluate: ({ features, policy }) =>
      over(features.amount, policy.confirmAbove)
        ? {
            level: 'warning',
            explanation: `Payments above ${money(policy.confirmAbove, features)} are always confirmed.`,
          }
        : null,
  },
  secondApprovalRule,
  {
    name: 'unusual_amount_for_recipient',
    kind: 'amount',
    evaluate: ({ features, thresholds, recipient }) =>
      features.amountToMedianRatio !== null &&
      features.amountToMedianRatio > thresholds.unusualAmountRatio
        ? {
            level: 'danger',
            explanation: `${money(features.amount, features)} is ${features.amountToMedianRatio.toFixed(1)} times what you usually pay ${recipient?.displayName ?? 'them'} (${money(features.recipientMedian, features)}).`,
          }
        : null,
  },
  {
    name: 'high_velocity',
    kind: 'activity',
    evaluate: ({ features, thresholds }) =>
      features.velocity24hCount >= thresholds.velocityCount24h
        ? {
            level: 'warning',
            explanation: `${features.velocity24hCount} payments (${money(features.velocity24hSum, features)}) went out in the last 24 hours.`,
          }
        : null,
  },
  {
    name: 'recurring_schedule',
    kind: 'schedule',
    asksConfirmation: true,
    evaluate: ({ features }) =>
      features.recurring
        ? { level: 'warning', explanation: 'It repeats until you cancel it or it ends.' }
        : null,
  },
  {
    name: 'recipient_verification',
    kind: 'recipient',
    asksConfirmation: true,
    evaluate: ({ features, recipient }) => {
      if (!recipient) return null;
      if (features.verification === 'verified') {
        return { level: 'safe', explanation: `${recipient.displayName}'s address is verified.` };
      }
      return features.verification === 'pending'
        ? {
            level: 'warning',
            explanation: `${recipient.displayName}'s address is still being verified.`,
          }
        : {
            level: 'danger',
            explanation: `${recipient.displayName}'s address could not be verified.`,
          };
    },
  },
];

/** Every rule's finding, in rule order; silent rules are left out. */
export function evaluateRules(context: RuleContext): {
  name: string;
  kind: RiskRuleKind;
  level: RiskLevel;
  explanation: string;
  figures?: RiskFigures;
  asksConfirmation: boolean;
}[] {
  return RULES.flatMap((rule) => {
    const finding = rule.evaluate(context);
    if (!finding) return [];
    // Only a finding above safe asks for confirmation: a verified address asks nothing.
    const asksConfirmation = rule.asksConfirmation === true && finding.level !== 'safe';
    return [{ name: rule.name, kind: rule.kind, ...finding, asksConfirmation }];
  });
}

function listFields(fields: readonly string[]): string {
  return fields.length <= 1
    ? fields.join('')
    : `${fields.slice(0, -1).join(', ')} and ${fields[fields.length - 1]}`;
}

function forbidden(explanation: string): RuleFinding {
  return { level: 'forbidden', explanation };
}

/** amount > limit, when both are known. */
function over(amount: string | null, limit: string | null): boolean {
  return amount !== null && limit !== null && compareAmounts(amount, limit) > 0;
}

function money(amount: string | null, features: Features): string {
  if (amount === null) return 'an unknown amount';
  const currency = features.currency as Currency | null;
  return formatAmount(amount, currency ?? undefined);
}

function currencyOf(features: Features): Pick<RiskFigures, 'currency'> {
  return features.currency === 'USDC' || features.currency === 'EURC'
    ? { currency: features.currency }
    : {};
}

function limitFigures(
  features: Features,
  period: string,
  total: string | null,
  limit: string,
): RiskFigures {
  return { ...currencyOf(features), period, ...(total === null ? {} : { amount: total }), limit };
}

/** "5 seconds", "1 hour", "90 minutes": the largest unit that says it exactly. */
export function duration(seconds: number): string {
  const units: [number, string][] = [
    [86_400, 'day'],
    [3_600, 'hour'],
    [60, 'minute'],
  ];
  const [size, unit] = units.find(([size]) => seconds >= size && seconds % size === 0) ?? [
    1,
    'second',
  ];
  const count = seconds / size;
  return count === 1 ? unit : `${count} ${unit}s`;
}

/** "2026-12-08" (a calendar day, no zone) as "Tue, Dec 8, 2026". */
function dayWords(day: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone: 'UTC',
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    year: 'numeric',
  }).format(new Date(`${day}T00:00:00Z`));
}

/** "2026-12" as "December 2026". */
function monthWords(month: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone: 'UTC',
    month: 'long',
    year: 'numeric',
  }).format(new Date(`${month}-01T00:00:00Z`));
}
