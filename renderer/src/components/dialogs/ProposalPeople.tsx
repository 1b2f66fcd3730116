import type { Proposal } from '../../../../shared/schemas/proposal';

/**
 * Who asked for a payment that waits for a second person of the household, and who
 * decided it: straight from the proposal's ids and names (the core's record), shown only
 * when the two-person rule applies, so a single desktop user sees nothing new.
 */
export function ProposalPeople({ proposal }: { proposal: Proposal }) {
  if (proposal.secondApproval !== true) return null;
  const asker = proposal.askedBy ?? { userId: proposal.userId, name: proposal.userId };
  const decider = proposal.decidedBy ?? null;
  return (
    <>
      <div className="fact" data-testid="proposal-asked-by">
        <dt>Asked by</dt>
        <dd>
          <span className="fact-strong">{asker.name}</span>{' '}
          <span className="fact-secondary mono">{asker.userId}</span>
        </dd>
      </div>
      <div className="fact" data-testid="proposal-approval">
        <dt>Approval</dt>
        <dd>
          {decider === null ? (
            <span>Waits for an owner of the household; {asker.name} can&apos;t approve it.</span>
          ) : (
            <span>
              {proposal.status === 'confirmed' ? 'Approved' : 'Refused'} by{' '}
              <span className="fact-strong">{decider.name}</span>{' '}
              <span className="fact-secondary mono">{decider.userId}</span>
            </span>
          )}
        </dd>
      </div>
    </>
  );
}
