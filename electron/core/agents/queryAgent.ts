import type { AssistantReply, PaymentSummary, QueryFacts } from '../../../shared/schemas/answer';
import { formatInstant } from '../../../shared/format';
import { formatAmount } from '../../../shared/money';
import type { MarketRate } from '../../../shared/schemas/market';
import { formatRate } from '../../../shared/rateFormat';
import type { ContactDirectory } from '../intent/contacts';
import { gatherFacts, VALUED_TOPICS, type QueryIntent, type QuerySources } from './queryFacts';
import { recipientQuestion } from './replies';

/**
 * Answers questions about the user's money from the repositories: balances, upcoming
 * occurrences, history, the status of a payment, and risk flags with their reasons.
 * The sentence comes from templates; the facts travel with it as data. A model that
 * later phrases answers may only restate `facts`, never add to them.
 */
export class QueryAgent {
  constructor(
    private readonly sources: QuerySources,
    /** The EURC→USDC rate, for questions that convert; never throws (null: none known). */
    private readonly marketRate: () => Promise<MarketRate | null> = () => Promise.resolve(null),
  ) {}

  /** Reads what a question needs from outside (the market rate), then answers it. */
  async respond(intent: QueryIntent, scope: AnswerScope): Promise<AssistantReply> {
    const rate = VALUED_TOPICS.has(intent.topic) ? await this.marketRate() : null;
    return this.answer(intent, { ...scope, rate });
  }

  answer(intent: QueryIntent, scope: AnswerScope & { rate?: MarketRate | null }): AssistantReply {
    const recipient = intent.recipient;
    if (recipient && recipient.userId === null) {
      return { text: recipientQuestion(recipient, scope.directory), facts: null, examples: [] };
    }
    const facts = gatherFacts(
      intent,
      { ...scope, ...(recipient?.userId ? { recipientId: recipient.userId } : {}) },
      this.sources,
    );
    const about = recipient?.userId ? ` to ${scope.directory.displayName(recipient.userId)}` : '';
    return {
      text: describe(facts, {
        about,
        period: periodWords(intent.period),
        timezone: scope.timezone,
      }),
      facts,
      examples: FOLLOW_UPS[facts.topic],
    };
  }
}

export interface AnswerScope {
  userId: string;
  now: Date;
  timezone: string;
  directory: ContactDirectory;
}

interface Wording {
  /** " to Bob Martinez" when the question named someone. */
  about: string;
  /** " last month" when it named a period. */
  period: string;
  timezone: string;
}

function describe(facts: QueryFacts, wording: Wording): string {
  const { about, period, timezone } = wording;
  const when = (instant: string) => formatInstant(instant, timezone);
  switch (facts.topic) {
    case 'balance':
      return facts.balances.length === 0
        ? 'You have no balance in that currency.'
        : `You have ${listWords(facts.balances.map((balance) => formatAmount(balance.amount, balance.currency)))}.`;
    case 'upcoming': {
      if (facts.occurrences.length === 0)
        return `Nothing is scheduled${about}${period || ' in the next month'}.`;
      const shown = facts.occurrences
        .slice(0, 5)
        .map(
          (run) =>
            `${formatAmount(run.amount, run.currency)} to ${run.recipientName} on ${when(run.runAt)}`,
        );
      const more = facts.occurrences.length > 5 ? `, and ${facts.occurrences.length - 5} more` : '';
      return `Coming up${about}${period || ' in the next month'}: ${shown.join('; ')}${more}.`;
    }
    case 'history': {
      if (facts.total === 0) return `You have no payments${about}${period}.`;
      const paid = facts.paid.length
        ? ` Paid: ${listWords(facts.paid.map((total) => formatAmount(total.amount, total.currency)))}.`
        : ' Nothing was paid out.';
      const latest = facts.payments[0];
      const last = latest ? ` The latest: ${paymentWords(latest, when)}.` : '';
      return `You have ${plural(facts.total, 'payment')}${about}${period}.${paid}${last}`;
    }
    case 'status': {
      if (!facts.payment) return `You have no payments${about} yet.`;
      const error = facts.lastExecution?.error
        ? ` The last attempt failed: ${facts.lastExecution.error}.`
        : '';
      return `Your last payment${about}: ${paymentWords(facts.payment, when)}.${error}`;
    }
    case 'worth': {
      const held = listWords(facts.parts.map((part) => formatAmount(part.amount, part.currency)));
      if (facts.parts.length === 0) return 'You have no balance in that currency.';
      if (facts.total === null || !facts.rate)
        return `ArcFlux can't value your ${held} in ${facts.currency} right now: no EUR/USD rate is known yet (the rate source could not be reached).`;
      return `Your ${held} ${facts.parts.length === 1 ? 'is' : 'are'} worth about ${formatAmount(facts.total, facts.currency)} (${formatRate(facts.rate)})${staleWords(facts.rate)}.`;
    }
    case 'total': {
      if (facts.parts.length === 0) return 'You have no balances yet.';
      const held = listWords(facts.parts.map((part) => formatAmount(part.amount, part.currency)));
      if (facts.total === null || !facts.rate)
        return facts.total === null
          ? `You have ${held}. ArcFlux can't add them up right now: no EUR/USD rate is known yet (the rate source could not be reached).`
          : `In total you have ${formatAmount(facts.total, facts.currency)}.`;
      return `In total you have about ${formatAmount(facts.total, facts.currency)}: ${held}, at ${formatRate(facts.rate)}${staleWords(facts.rate)}.`;
    }
    case 'risk': {
      if (facts.flags.length === 0) return `None of your payments${about}${period} is flagged.`;
      const flags = facts.flags.slice(0, 3).map((flag) => {
        const reasons = flag.reasons.map((reason) => reason.explanation).join(' ');
        return `${paymentWords(flag.payment, when)}${reasons ? ` (${reasons})` : ''}`;
      });
      return `${plural(facts.flags.length, 'payment')}${about}${period} need attention: ${flags.join('; ')}.`;
    }
  }
}

function paymentWords(payment: PaymentSummary, when: (instant: string) => string): string {
  const money = `${formatAmount(payment.amount, payment.currency)} to ${payment.recipientName}`;
  const state: Record<PaymentSummary['status'], string> = {
    pending_confirmation: 'is waiting for your confirmation',
    scheduled: payment.nextRunAt ? `is scheduled for ${when(payment.nextRunAt)}` : 'is scheduled',
    executing: 'is being sent now',
    executed: 'was sent',
    failed: 'failed',
    cancelled: 'was cancelled',
    denied: 'was refused by the Guardian',
    flagged: 'is held for review',
    missed: 'was missed while ArcFlux was closed',
  };
  return `${money}, made ${when(payment.createdAt)}, ${state[payment.status]}`;
}

function periodWords(period: string | undefined): string {
  if (!period) return '';
  const month = /^(\d{4})-(\d{2})$/.exec(period);
  if (month) {
    const name = new Date(Date.UTC(Number(month[1]), Number(month[2]) - 1, 1)).toLocaleString(
      'en-US',
      {
        month: 'long',
        timeZone: 'UTC',
      },
    );
    return ` in ${name} ${month[1]}`;
  }
  if (/^\d{4}$/.test(period)) return ` in ${period}`;
  return ` ${period.replace('_', ' ')}`;
}

function staleWords(rate: MarketRate): string {
  return rate.stale ? ` (stale: the rate is ${plural(rate.ageDays, 'day')} old)` : '';
}

function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

const FOLLOW_UPS: Record<QueryFacts['topic'], string[]> = {
  balance: ['Show upcoming payments', 'What did I send last month?'],
  upcoming: ['Cancel my Friday payment to User Two', 'What is my balance?'],
  history: ['Did my last payment go through?', 'Any flagged payments?'],
  status: ['Show my payment history', 'Show upcoming payments'],
  risk: ['Show my payment history', 'What is my balance?'],
  worth: ['Total balance', 'What is my balance?'],
  total: ["What's my EURC worth in dollars?", 'Show upcoming payments'],
};
