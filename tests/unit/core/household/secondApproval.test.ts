import { describe, expect, it } from 'vitest';
import type { Proposal } from '../../../../shared/schemas/proposal';
import type { HouseholdRole } from '../../../../shared/schemas/user';
import { isCoreError } from '../../../../electron/core/errors';
import {
  assertMayApprove,
  needsSecondApproval,
} from '../../../../electron/core/household/approval';
import { secondApprovalRule } from '../../../../electron/core/household/secondApproval';
import type { RuleContext } from '../../../../electron/core/guardian/rules';
import type { Features } from '../../../../electron/core/guardian/features';

const thresholds = { secondApprovalAbove: { USDC: '500', EURC: '300' } };

function finding(amount: string, currency: string, payerRole: HouseholdRole) {
  const context = {
    features: { amount, currency } as unknown as Features,
    thresholds,
    payerRole,
  } as unknown as RuleContext;
  return secondApprovalRule.evaluate(context);
}

describe('second_person_approval', () => {
  it("fires for a member's payment above the threshold of its currency, with the figures", () => {
    expect(finding('500.01', 'USDC', 'member')).toMatchObject({
      level: 'warning',
      figures: { currency: 'USDC', amount: '500.01', limit: '500' },
    });
    expect(finding('300.5', 'EURC', 'member')?.figures).toEqual({
      currency: 'EURC',
      amount: '300.5',
      limit: '300',
    });
    expect(secondApprovalRule).toMatchObject({ kind: 'household', asksConfirmation: true });
  });

  it('stays silent at the threshold, for owners, and for viewers', () => {
    expect(finding('500', 'USDC', 'member')).toBeNull();
    expect(finding('400', 'EURC', 'member')).not.toBeNull();
    expect(finding('400', 'USDC', 'member')).toBeNull();
    expect(finding('5000', 'USDC', 'owner')).toBeNull();
  });

  it('makes the proposal wait for a second person only when it fired above safe', () => {
    const rule = { name: 'second_person_approval', kind: 'household', explanation: '' } as const;
    expect(needsSecondApproval([{ ...rule, level: 'warning' }])).toBe(true);
    expect(needsSecondApproval([{ ...rule, level: 'safe' }])).toBe(false);
    expect(needsSecondApproval([])).toBe(false);
  });
});

describe('who may approve', () => {
  const proposal = {
    paymentId: 'pay_1',
    userId: 'member1',
    secondApproval: true,
    askedBy: { userId: 'member1', name: 'Member One' },
  } as Proposal;

  function reason(approver: { userId: string; role: HouseholdRole }): string {
    try {
      assertMayApprove(proposal, { ...approver, name: approver.userId });
      return 'allowed';
    } catch (error) {
      if (!isCoreError(error)) throw error;
      return `${error.code}:${error.reason ?? ''}`;
    }
  }

  it('never lets the asker approve their own request, whatever their role', () => {
    expect(reason({ userId: 'member1', role: 'member' })).toBe('forbidden:own_request');
    // Made an owner after asking: still the asker.
    expect(reason({ userId: 'member1', role: 'owner' })).toBe('forbidden:own_request');
  });

  it('lets an owner approve, and no other member', () => {
    expect(reason({ userId: 'owner1', role: 'owner' })).toBe('allowed');
    expect(reason({ userId: 'member2', role: 'member' })).toBe('forbidden:owner_must_approve');
  });

  it('leaves ordinary proposals to their payer', () => {
    const ordinary = { ...proposal, secondApproval: false };
    expect(() =>
      assertMayApprove(ordinary, { userId: 'member1', name: 'Member One', role: 'member' }),
    ).not.toThrow();
  });
});
