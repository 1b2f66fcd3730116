import type { RiskRuleResult } from '../../../shared/schemas/risk';
import { RISK_LEVEL_DISPLAY, ruleTitle, rulesByLevel } from '../format/risk';

/** Each rule the Guardian ran, loudest first, with its level and explanation. */
export function RiskRules({ rules, labelledBy }: { rules: RiskRuleResult[]; labelledBy?: string }) {
  if (rules.length === 0) {
    return <p className="muted">No rules fired for this payment.</p>;
  }
  return (
    <ul className="rule-list" aria-labelledby={labelledBy}>
      {rulesByLevel(rules).map((rule) => {
        const level = RISK_LEVEL_DISPLAY[rule.level];
        return (
          <li className={`rule rule--${level.tone}`} key={rule.name}>
            <span className={`badge badge--${level.tone} rule-level`}>{level.label}</span>
            <span className="rule-text">
              <span className="rule-name">{ruleTitle(rule.name)}</span>
              <span className="rule-explanation">{rule.explanation}</span>
            </span>
          </li>
        );
      })}
    </ul>
  );
}
