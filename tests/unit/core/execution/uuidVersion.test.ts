import { describe, expect, it } from 'vitest';
import type { Execution } from '../../../../shared/schemas/execution';
import type { Payment } from '../../../../shared/schemas/payment';
import type {
  PaymentConnector,
  TransferRequest,
} from '../../../../electron/core/connectors/connector';
import { ExecutionEngine } from '../../../../electron/core/execution/executionEngine';
import { executionIdFor, occurrenceKey } from '../../../../electron/core/execution/idempotency';
import { JournalView } from '../../../../electron/core/execution/journalView';
import type { UsersRepository } from '../../../../electron/core/repositories/users';
import { ManualClock } from '../../../support/manualClock';

/**
 * Circle's idempotency keys changed form (version 5 to version 4). A run submitted in the
 * old form whose outcome is still unknown must be resubmitted in that form, or Circle
 * would take the resubmission for a new transfer and pay twice.
 */
const clock = new ManualClock('2026-11-02T14:00:00.000Z');
const payment = {
  id: 'pay_form',
  userId: 'user1',
  recipientId: 'user2',
  amount: '5',
  currency: 'USDC',
} as Payment;
const OCCURRENCE = '2026-11-02T13:00:00.000Z';
const KEY = occurrenceKey(payment.id, OCCURRENCE);

function engineOver(entries: Execution[]) {
  const requests: TransferRequest[] = [];
  const connector: PaymentConnector = {
    kind: 'circle',
    transfer: async (request) => {
      requests.push(request);
      return { status: 'succeeded', transferId: `t${requests.length}` };
    },
    balance: async () => undefined,
    verifyRecipient: async () => 'verified',
  };
  const engine = new ExecutionEngine({
    journal: {
      record: async (lines: Execution | readonly Execution[]) => {
        entries.push(...(Array.isArray(lines) ? lines : [lines as Execution]));
      },
    },
    view: new JournalView({ entries: () => entries }),
    connector,
    users: {
      find: () => ({ id: 'user2', walletId: 'w2', walletAddress: '0xabc' }),
    } as unknown as UsersRepository,
    clock,
    sleep: async () => undefined,
    retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
    concurrency: 1,
  });
  return { engine, requests };
}

/** A `started` line as ArcFlux wrote it before keys were version 4: no uuidVersion. */
const legacyStarted: Execution = {
  id: executionIdFor(KEY),
  paymentId: payment.id,
  occurrenceAt: OCCURRENCE,
  idempotencyKey: KEY,
  attempt: 1,
  status: 'started',
  amount: '5',
  currency: 'USDC',
  startedAt: OCCURRENCE,
  finishedAt: null,
  transferId: null,
  error: 'Outcome not known yet: Circle POST /v1/transfers timed out',
};

describe('the form of the idempotency key across the version-4 change', () => {
  it('submits a new run with a version-4 key and records the form', async () => {
    const entries: Execution[] = [];
    const { engine, requests } = engineOver(entries);
    await engine.run([{ payment, occurrenceAt: OCCURRENCE }], []);
    expect(requests.map((request) => request.uuidVersion)).toEqual([4]);
    expect(entries.map((line) => [line.status, line.uuidVersion])).toEqual([
      ['started', 4],
      ['succeeded', 4],
    ]);
  });

  it('resubmits a run first sent in the old form in that form, so Circle recognises it', async () => {
    const entries: Execution[] = [legacyStarted];
    const { engine, requests } = engineOver(entries);
    await engine.run([{ payment, occurrenceAt: OCCURRENCE }], []);
    expect(requests).toMatchObject([{ idempotencyKey: KEY, uuidVersion: 5 }]);
    // Its lines keep saying nothing, so every later resubmission stays in the old form.
    expect(entries.slice(1).map((line) => [line.status, line.uuidVersion])).toEqual([
      ['started', undefined],
      ['succeeded', undefined],
    ]);
  });

  it('resubmits a run first sent in the new form in the new form', async () => {
    const entries: Execution[] = [{ ...legacyStarted, uuidVersion: 4 }];
    const { engine, requests } = engineOver(entries);
    await engine.run([{ payment, occurrenceAt: OCCURRENCE }], []);
    expect(requests.map((request) => request.uuidVersion)).toEqual([4]);
  });
});
