import type { RiskLevel, RiskOutcome } from '../../../shared/schemas/risk';
import type { GuardianPolicy } from '../../../shared/schemas/settings';

/** How much each level adds to the score; forbidden alone makes it 1. */
export const LEVEL_WEIGHTS: Readonly<Record<RiskLevel, number>> = {
  safe: 0,
  warning: 0.15,
  danger: 0.45,
  forbidden: 1,
};

const LEVEL_ORDER: readonly RiskLevel[] = ['safe', 'warning', 'danger', 'forbidden'];

/**
 * The risk score, from 0 to 1: each finding independently removes its weight's share of
 * the remaining "safety", so findings add up without ever passing 1, and the same
 * findings always give the same score. Rounded to 4 decimals so it reads back exactly.
 */
export function riskScore(levels: readonly RiskLevel[]): number {
  const safety = levels.reduce((remaining, level) => remaining * (1 - LEVEL_WEIGHTS[level]), 1);
  return Math.round((1 - safety) * 10_000) / 10_000;
}

/** The worst level among the findings; safe when there are none. */
export function worstLevel(levels: readonly RiskLevel[]): RiskLevel {
  return levels.reduce<RiskLevel>(
    (worst, level) => (LEVEL_ORDER.indexOf(level) > LEVEL_ORDER.indexOf(worst) ? level : worst),
    'safe',
  );
}

/**
 * The outcome: anything forbidden denies; a score above `flagScore` holds the payment for
 * review; a rule that asks for confirmation, or a score above `confirmScore`, asks the
 * user; otherwise it is approved.
 */
export function decideOutcome(
  findings: readonly { level: RiskLevel; asksConfirmation: boolean }[],
  score: number,
  policy: Pick<GuardianPolicy, 'confirmScore' | 'flagScore'>,
): Exclude<RiskOutcome, 'clarify'> {
  if (worstLevel(findings.map((finding) => finding.level)) === 'forbidden') return 'denied';
  if (score > policy.flagScore) return 'flagged';
  if (score > policy.confirmScore || findings.some((finding) => finding.asksConfirmation)) {
    return 'needs_confirmation';
  }
  return 'approved';
}
