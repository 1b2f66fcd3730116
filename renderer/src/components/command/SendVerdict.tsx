import type { PreviewCaveat } from '../../../../shared/contract/commands';
import type { RiskOutcome } from '../../../../shared/schemas/risk';
import type { Schedule } from '../../../../shared/schemas/schedule';
import { rulesByLevel } from '../../format/risk';
import type { CommandVerdict } from '../../store/commandSlice';

/**
 * What pressing Enter will do, in words, from the Guardian's dry-run verdict: asked to
 * confirm, sent or scheduled without a question, held, or refused, with the rules behind
 * it and what the dry run could not know. It never promises more than the verdict says:
 * while the verdict is loading or unavailable it only says the Guardian will check.
 */
export function SendVerdict({
  verdict,
  schedule,
}: {
  verdict: CommandVerdict;
  schedule: Schedule;
}) {
  if (verdict.status !== 'ready') {
    return (
      <p className="preview-ready" aria-busy={verdict.status === 'loading'}>
        <span aria-hidden="true">↵</span> Press Enter to have the Guardian check it.
        {verdict.status === 'loading' ? ' Checking what it would do…' : null}
      </p>
    );
  }
  const { outcome, rules, caveats, undoSeconds } = verdict.verdict;
  // A question is already on screen above; the verdict adds nothing to it.
  if (outcome === 'clarify') return null;
  const runsNow = schedule.kind === 'once' && schedule.runAt === null;
  const reasons = rulesByLevel(rules).filter((rule) =>
    outcome === 'denied'
      ? rule.level === 'forbidden'
      : outcome === 'approved' || rule.level !== 'safe',
  );
  return (
    <div
      className={`send-verdict send-verdict--${outcome}`}
      role="status"
      aria-label="What Send will do"
    >
      <p className="send-verdict-headline">
        <span aria-hidden="true">↵</span>{' '}
        {outcome === 'approved' && undoSeconds !== null
          ? `Sent ${undoSeconds} seconds after you press Enter, with no confirmation: you can undo it until then.`
          : HEADLINE[outcome](runsNow)}
      </p>
      {reasons.length > 0 ? (
        <ul className="send-verdict-reasons">
          {reasons.map((rule) => (
            <li key={rule.name}>{rule.explanation}</li>
          ))}
        </ul>
      ) : null}
      {caveats.length > 0 ? (
        <p className="send-verdict-caveats">{caveats.map((caveat) => CAVEATS[caveat]).join(' ')}</p>
      ) : null}
    </div>
  );
}

const HEADLINE: Record<RiskOutcome, (runsNow: boolean) => string> = {
  approved: (runsNow) =>
    runsNow
      ? 'Sent right away when you press Enter: the Guardian needs no confirmation for it.'
      : 'Scheduled when you press Enter, with no confirmation: the Guardian needs none for it.',
  needs_confirmation: () => "You'll be asked to confirm. Nothing is paid until you do.",
  flagged: () => 'Held for review when you press Enter. Nothing is paid until you review it.',
  denied: () => 'Refused: the Guardian will not make this payment.',
  clarify: () => '',
};

const CAVEATS: Record<PreviewCaveat, string> = {
  balance_may_change: 'This uses your balance as it is now; it may change before the payment runs.',
  balance_unknown:
    'Your balance could not be read, so whether it covers this is checked when it runs.',
  checked_again_when_run:
    'Each run is checked again for balance and limits, and refused rather than paid if it no longer fits.',
};
