import type { Decision } from '../../../shared/contract/commands';
import type { RiskLevel, RiskOutcome } from '../../../shared/schemas/risk';
import type { StatusTone } from './status';

/** How each rule level reads and how loudly it shows. */
export const RISK_LEVEL_DISPLAY: Record<RiskLevel, { label: string; tone: StatusTone }> = {
  safe: { label: 'OK', tone: 'success' },
  warning: { label: 'Warning', tone: 'warning' },
  danger: { label: 'Risk', tone: 'danger' },
  forbidden: { label: 'Blocked', tone: 'danger' },
};

export const OUTCOME_DISPLAY: Record<RiskOutcome, { label: string; tone: StatusTone }> = {
  approved: { label: 'Approved', tone: 'success' },
  needs_confirmation: { label: 'Needs your confirmation', tone: 'warning' },
  denied: { label: 'Refused', tone: 'danger' },
  flagged: { label: 'Held for review', tone: 'warning' },
  clarify: { label: 'Question', tone: 'info' },
};

/** "first_payment_to_recipient" → "First payment to recipient". */
export function ruleTitle(name: string): string {
  const words = name.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Rules ordered loudest first, so a refusal's reason leads. */
export function rulesByLevel(rules: Decision['rules']): Decision['rules'] {
  const rank: Record<RiskLevel, number> = { forbidden: 0, danger: 1, warning: 2, safe: 3 };
  return [...rules].sort((left, right) => rank[left.level] - rank[right.level]);
}
