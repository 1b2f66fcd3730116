import type {
  CommandResult,
  PaymentAction,
  PaymentChoice,
} from '../../../../shared/contract/commands';
import { formatInstant } from '../../../../shared/format';
import { formatRate } from '../../../../shared/rateFormat';
import { formatAmount } from '../../../../shared/money';
import type { QueryFacts } from '../../../../shared/schemas/answer';
import type { PaymentIntent } from '../../../../shared/schemas/intent';
import type { Payment } from '../../../../shared/schemas/payment';
import type { Proposal } from '../../../../shared/schemas/proposal';
import { applySuggestions, replaceWords } from '../../format/followUp';
import { replyDisplay, STATUS_DISPLAY } from '../../format/status';
import { useAppStore } from '../../store/appStore';
import { ModelWords } from '../ModelWords';
import { PaymentSummary } from '../payments/PaymentSummary';
import { RiskRules } from '../RiskRules';
import { ReplyStatusBadge } from '../StatusBadge';
import { COMMAND_INPUT_ID } from './commandIds';

const LISTED = 5;

/**
 * ArcFlux's answer to the last command: what the Guardian decided and why, the question it
 * needs answered, or the facts a question asked for. The live region is always there, so
 * screen readers hear each new answer.
 */
export function CommandReplyCard() {
  const reply = useAppStore((state) => state.commandReply);
  const dismiss = useAppStore((state) => state.dismissCommandReply);
  const question = reply ? needsAnswer(reply.result) : null;
  const proposal = reply?.result.proposal ?? null;
  const settled = proposal && proposal.status !== 'pending' ? proposal : null;
  return (
    <div className="reply-region" aria-live="polite">
      {reply ? (
        <article
          className={`reply reply--${replyDisplay(reply.result.status, proposal?.status ?? null).tone}`}
          aria-label="ArcFlux's answer"
        >
          <header className="reply-header">
            <ReplyStatusBadge status={reply.result.status} proposal={proposal?.status ?? null} />
            <span className="reply-command">“{reply.text}”</span>
            <button
              type="button"
              className="icon-button"
              aria-label="Dismiss answer"
              onClick={dismiss}
            >
              <span aria-hidden="true">×</span>
            </button>
          </header>
          {/* ArcFlux's own words always; the model's wording, labelled, only beside them. */}
          {settled ? (
            <SettledProposal proposal={settled} />
          ) : (
            <p className="reply-text">{reply.result.decision.reply}</p>
          )}
          {reply.result.narrative ? <ModelWords narrative={reply.result.narrative} /> : null}
          {question ? (
            <>
              <SuggestionChoices intent={question} command={reply.text} />
              <RecipientChoices intent={question} command={reply.text} />
            </>
          ) : reply.result.choice ? (
            <PaymentChoices choice={reply.result.choice} />
          ) : (
            <ReplyDetails reply={reply.result} />
          )}
        </article>
      ) : null}
    </div>
  );
}

/**
 * The confirmation this answer asked for was settled since (it lapsed, or was answered at
 * another door): its "Please confirm" no longer holds, so the card says what became of it.
 */
function SettledProposal({ proposal }: { proposal: Proposal }) {
  const timeZone = useAppStore((state) => state.settings?.timezone ?? 'UTC');
  const sentence = proposal.readBack.sentence;
  switch (proposal.status) {
    case 'expired':
      return (
        <p className="reply-text">
          This confirmation expired
          {proposal.decidedAt ? ` at ${formatInstant(proposal.decidedAt, timeZone)}` : ''}, so
          nothing was scheduled or paid: {sentence} Send the command again to be asked afresh.
        </p>
      );
    case 'cancelled':
      return <p className="reply-text">Cancelled, so nothing will be paid: {sentence}</p>;
    case 'confirmed':
    case 'pending':
      return <p className="reply-text">Confirmed: {sentence}</p>;
  }
}

/** A payment ArcFlux couldn't make as said is a question back, not a refusal. */
function needsAnswer(result: CommandResult): PaymentIntent | null {
  return result.intent.kind === 'payment' && result.intent.problems.length > 0
    ? result.intent
    : null;
}

/**
 * For "did you mean 'tomorrow'?": one click puts the command back in the box with the
 * suggested word in place, to check and send. Nothing is changed until the user sends it.
 */
function SuggestionChoices({ intent, command }: { intent: PaymentIntent; command: string }) {
  const setCommandDraft = useAppStore((state) => state.setCommandDraft);
  const suggestions = intent.suggestions ?? [];
  if (suggestions.length === 0) return null;
  const useAll = () => {
    setCommandDraft(applySuggestions(command, suggestions));
    document.getElementById(COMMAND_INPUT_ID)?.focus();
  };
  const label = suggestions.map(({ word, replacement }) => `“${replacement}” for “${word}”`);
  return (
    <div className="reply-choices">
      <button type="button" className="chip" onClick={useAll}>
        Use {label.join(' and ')}
      </button>
      <span className="reply-hint">or send “yes”</span>
    </div>
  );
}

/**
 * For "who do you mean?": the contacts to pick from. Picking one puts the command back in
 * the box with that name, to check and send.
 */
function RecipientChoices({ intent, command }: { intent: PaymentIntent; command: string }) {
  const users = useAppStore((state) => state.users);
  const actingUserId = useAppStore((state) => state.settings?.actingUserId);
  const setCommandDraft = useAppStore((state) => state.setCommandDraft);
  const unclear =
    intent.problems.includes('unknown_recipient') ||
    intent.problems.includes('ambiguous_recipient');
  if (!unclear || !intent.recipient.text) return null;
  const candidates = intent.recipient.candidates;
  const choices = users.filter((user) =>
    candidates && candidates.length > 0 ? candidates.includes(user.id) : user.id !== actingUserId,
  );
  if (choices.length === 0) return null;
  return (
    <ul className="example-list reply-choices" aria-label="Pick the recipient">
      {choices.map((user) => (
        <li key={user.id}>
          <button
            type="button"
            className="chip"
            onClick={() => {
              setCommandDraft(replaceWords(command, intent.recipient.text, user.displayName));
              document.getElementById(COMMAND_INPUT_ID)?.focus();
            }}
          >
            {user.displayName}
          </button>
        </li>
      ))}
    </ul>
  );
}

const CHOICE_BUTTON: Record<PaymentAction, string> = {
  cancel: 'Cancel',
  pause: 'Pause',
  resume: 'Resume',
  skip: 'Skip next',
};

/**
 * "Which one?" after a cancel, pause, resume or skip that matched several payments (or the
 * one a cancel names): each payment from its own data with its own button, and for a
 * cancel "all N". A cancel opens the same confirmation as the Upcoming panel's button;
 * pause, resume and skip act at once, like theirs.
 */
function PaymentChoices({ choice }: { choice: PaymentChoice }) {
  const askToCancel = useAppStore((state) => state.askToCancel);
  const actOnSchedule = useAppStore((state) => state.actOnSchedule);
  const dismiss = useAppStore((state) => state.dismissCommandReply);
  const names = useAppStore((state) => state.userNames);
  const { action, payments } = choice;
  const pick = async (payment: Payment) => {
    if (action === 'cancel') {
      askToCancel([payment]);
    } else if (await actOnSchedule(payment.id, action)) {
      dismiss();
    }
  };
  return (
    <div className="payment-choices">
      <ul className="payment-choice-list" aria-label={`Payments to ${action}`}>
        {payments.map((payment) => (
          <li key={payment.id} className="payment-choice">
            <PaymentSummary payment={payment} />
            <button
              type="button"
              className={
                action === 'cancel'
                  ? 'button button--danger button--small'
                  : 'button button--secondary button--small'
              }
              aria-label={`${CHOICE_BUTTON[action]} ${formatAmount(payment.amount, payment.currency)} to ${names[payment.recipientId] ?? payment.recipientId}`}
              onClick={() => void pick(payment)}
            >
              {CHOICE_BUTTON[action]}
            </button>
          </li>
        ))}
      </ul>
      {action === 'cancel' && payments.length > 1 ? (
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={() => askToCancel(payments)}
        >
          Cancel all {payments.length}
        </button>
      ) : null}
    </div>
  );
}

function ReplyDetails({ reply }: { reply: CommandResult }) {
  const { decision, facts } = reply;
  const loud = decision.rules.filter((rule) => rule.level !== 'safe');
  if (facts) return <Facts facts={facts} />;
  if ((decision.outcome === 'denied' || decision.outcome === 'flagged') && loud.length > 0) {
    return (
      <div className="reply-rules">
        <p className="reply-subtitle">Why</p>
        <RiskRules rules={loud} />
      </div>
    );
  }
  return null;
}

function Facts({ facts }: { facts: QueryFacts }) {
  const timeZone = useAppStore((state) => state.settings?.timezone ?? 'UTC');
  switch (facts.topic) {
    case 'balance':
      return (
        <ul className="fact-list">
          {facts.balances.map((balance) => (
            <li key={balance.currency}>{formatAmount(balance.amount, balance.currency)}</li>
          ))}
        </ul>
      );
    case 'upcoming':
      return (
        <ul className="fact-list">
          {facts.occurrences.slice(0, LISTED).map((run) => (
            <li key={`${run.paymentId}-${run.runAt}`}>
              <time dateTime={run.runAt}>{formatInstant(run.runAt, timeZone)}</time>:{' '}
              {formatAmount(run.amount, run.currency)} to {run.recipientName}
            </li>
          ))}
        </ul>
      );
    case 'history':
      return (
        <ul className="fact-list">
          {facts.payments.slice(0, LISTED).map((payment) => (
            <li key={payment.id}>
              {formatAmount(payment.amount, payment.currency)} to {payment.recipientName} ·{' '}
              {STATUS_DISPLAY[payment.status].label}
            </li>
          ))}
          {facts.total > LISTED ? (
            <li>and {facts.total - LISTED} more in Payment history</li>
          ) : null}
        </ul>
      );
    case 'status':
      return facts.payment ? (
        <p className="muted">
          {formatAmount(facts.payment.amount, facts.payment.currency)} to{' '}
          {facts.payment.recipientName}: {STATUS_DISPLAY[facts.payment.status].label}
        </p>
      ) : null;
    case 'worth':
    case 'total':
      return (
        <ul className="fact-list">
          {facts.total !== null && (
            <li>
              <abbr title="approximately: converted at a reference rate">≈</abbr>{' '}
              {formatAmount(facts.total, facts.currency)}
            </li>
          )}
          {facts.rate && (
            <li>
              {formatRate(facts.rate)}
              {facts.rate.stale ? ' · stale' : ''}
            </li>
          )}
        </ul>
      );
    case 'risk':
      return (
        <ul className="fact-list">
          {facts.flags.slice(0, LISTED).map((flag) => (
            <li key={flag.payment.id}>
              {formatAmount(flag.payment.amount, flag.payment.currency)} to{' '}
              {flag.payment.recipientName}
              {flag.reasons[0] ? `: ${flag.reasons[0].explanation}` : ''}
            </li>
          ))}
        </ul>
      );
  }
}
