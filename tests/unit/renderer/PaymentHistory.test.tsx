import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PaymentDrawer } from '../../../renderer/src/components/ledger/PaymentDrawer';
import { PaymentHistory } from '../../../renderer/src/components/ledger/PaymentHistory';
import { AppStoreContext, createAppStore } from '../../../renderer/src/store/appStore';
import { loadEverything } from '../../../renderer/src/store/coreEvents';
import type { Payment } from '../../../shared/schemas/payment';
import { sampleAssessment, samplePayment } from '../../support/samples';
import { FakeBridge, ok, standardReplies } from './fakeBridge';

const ledger: Payment[] = [
  samplePayment('pay_rent', {
    recipientId: 'user3',
    amount: '1200',
    memo: 'Rent, "November"',
    status: 'scheduled',
    createdAt: '2026-11-20T15:04:00.000Z',
  }),
  samplePayment('pay_lunch', {
    recipientId: 'user2',
    amount: '12.345678',
    currency: 'EURC',
    status: 'executed',
    createdAt: '2026-11-24T13:30:00.000Z',
  }),
];

let downloaded: { name: string; text: Promise<string> }[] = [];

beforeEach(() => {
  downloaded = [];
  let lastBlob: Blob | null = null;
  URL.createObjectURL = vi.fn((blob: Blob) => {
    lastBlob = blob;
    return 'blob:test';
  });
  URL.revokeObjectURL = vi.fn();
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
    this: HTMLAnchorElement,
  ) {
    if (lastBlob) downloaded.push({ name: this.download, text: readText(lastBlob) });
  });
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

/** jsdom's Blob has no text(); FileReader reads it. */
function readText(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(blob);
  });
}

async function setup() {
  const replies = standardReplies(ledger);
  replies['payments:get'] = ({ id }: { id: string }) =>
    ok({
      payment: ledger.find((payment) => payment.id === id),
      executions: [
        {
          id: 'exe_1',
          paymentId: id,
          occurrenceAt: '2026-11-24T13:30:00.000Z',
          idempotencyKey: 'idem-key-1',
          attempt: 1,
          status: 'succeeded',
          amount: '12.345678',
          currency: 'EURC',
          startedAt: '2026-11-24T13:30:01.000Z',
          finishedAt: '2026-11-24T13:30:02.000Z',
          transferId: 'sim_transfer_1',
          error: null,
        },
      ],
      riskAssessment: sampleAssessment(id),
    });
  const bridge = new FakeBridge(replies);
  const store = createAppStore(bridge);
  await loadEverything(store);
  render(
    <AppStoreContext value={store}>
      <PaymentHistory />
      <PaymentDrawer />
    </AppStoreContext>,
  );
  return { bridge, store, user: userEvent.setup() };
}

function lastQuery(bridge: FakeBridge) {
  return bridge.inputsOf('payments:list').at(-1);
}

describe('payment history', () => {
  it('lists the rows with exact amounts', async () => {
    await setup();
    const table = screen.getByRole('table', { name: 'Payment history' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]?.textContent).toContain('Alice Chen');
    expect(rows[0]?.textContent).toContain('1,200.00');
    expect(rows[1]?.textContent).toContain('12.345678');
    expect(table.getAttribute('aria-rowcount')).toBe('3');
    expect(screen.getByText('2 payments')).toBeTruthy();
  });

  it('sends every filter to the core, dates as the user-zone day bounds', async () => {
    const { bridge, user } = await setup();
    await user.selectOptions(screen.getByLabelText('Status'), 'executed');
    expect(lastQuery(bridge)).toMatchObject({ status: 'executed', offset: 0 });
    await user.selectOptions(screen.getByLabelText('Recipient'), 'user3');
    expect(lastQuery(bridge)).toMatchObject({ status: 'executed', recipient: 'user3' });
    await user.selectOptions(screen.getByLabelText('Currency'), 'EURC');
    expect(lastQuery(bridge)).toMatchObject({ currency: 'EURC' });
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-11-20' } });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-11-24' } });
    expect(lastQuery(bridge)).toMatchObject({
      from: '2026-11-20T05:00:00.000Z',
      to: '2026-11-25T05:00:00.000Z',
    });

    await user.type(screen.getByLabelText('Search'), 'rent');
    await waitFor(() => expect(lastQuery(bridge)).toMatchObject({ q: 'rent' }));
    // The recipient list offers everyone but the acting user.
    const recipients = within(screen.getByLabelText('Recipient')).getAllByRole('option');
    expect(recipients.map((option) => option.textContent)).not.toContain('User One');
  });

  it('says when nothing matches and clears every filter at once', async () => {
    const { bridge, store, user } = await setup();
    await user.selectOptions(screen.getByLabelText('Status'), 'failed');
    const table = screen.getByRole('table', { name: 'Payment history' });
    await within(table).findByText('No payments match these filters');
    await user.click(within(table).getByRole('button', { name: 'Clear filters' }));
    await within(table).findByText('Alice Chen');
    expect(store.getState().ledgerQuery.status).toBe('all');
    expect(lastQuery(bridge)).not.toHaveProperty('status');
  });

  it('sorts by a column header, and says which way', async () => {
    const { bridge, user } = await setup();
    const amount = screen.getByRole('columnheader', { name: 'Amount' });
    expect(amount.getAttribute('aria-sort')).toBeNull();
    expect(screen.getByRole('columnheader', { name: 'Date' }).getAttribute('aria-sort')).toBe(
      'descending',
    );
    await user.click(within(amount).getByRole('button'));
    expect(lastQuery(bridge)).toMatchObject({ sort: '-amount' });
    expect(amount.getAttribute('aria-sort')).toBe('descending');
    await user.click(within(amount).getByRole('button'));
    expect(lastQuery(bridge)).toMatchObject({ sort: 'amount' });
    expect(amount.getAttribute('aria-sort')).toBe('ascending');
  });

  it('opens a detail drawer with executions and the risk assessment', async () => {
    const { user } = await setup();
    await user.click(screen.getByRole('button', { name: 'Details of 12.345678 EURC to User Two' }));
    const drawer = await screen.findByRole('dialog', { name: 'Payment details' });
    await within(drawer).findByText('Succeeded');
    expect(drawer.textContent).toContain('sim_transfer_1');
    expect(drawer.textContent).toContain('Approved');
    expect(drawer.textContent).toContain('User Two is whitelisted.');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('exports the filtered rows as CSV, quoted, with exact amounts', async () => {
    const { bridge, user } = await setup();
    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(downloaded).toHaveLength(1));
    expect(bridge.inputsOf('payments:list').at(-1)).toMatchObject({ offset: 0, limit: 10_000 });
    expect(downloaded[0]?.name).toMatch(/^arcflux-payments-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = (await downloaded[0]!.text).split('\r\n');
    expect(lines[0]).toBe(
      'id,created_at,recipient_id,recipient,amount,currency,status,paused,schedule,next_run_at,memo,command',
    );
    expect(lines[1]).toContain('pay_rent,2026-11-20T15:04:00.000Z,user3,Alice Chen,1200,USDC');
    expect(lines[1]).toContain('"Rent, ""November"""');
    expect(lines[2]).toContain(',12.345678,EURC,executed,no,');
    expect(lines).toHaveLength(4);
  });
});
