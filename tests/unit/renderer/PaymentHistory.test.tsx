import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { ArcfluxWindowApi } from '../../../renderer/src/arcflux';
import { createElectronBridge } from '../../../renderer/src/bridge/electronBridge';
import { PaymentDrawer } from '../../../renderer/src/components/ledger/PaymentDrawer';
import { PaymentHistory } from '../../../renderer/src/components/ledger/PaymentHistory';
import { AppStoreContext, createAppStore } from '../../../renderer/src/store/appStore';
import { loadEverything } from '../../../renderer/src/store/coreEvents';
import type { Transfer } from '../../../shared/contract/transfers';
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

/** Three monthly rent transfers (the last failed) and the lunch, newest first. */
function transfer(id: string, fields: Partial<Transfer>): Transfer {
  return {
    id,
    paymentId: 'pay_rent',
    payerId: 'user1',
    recipientId: 'user3',
    occurrenceAt: '2026-11-01T14:00:00.000Z',
    at: '2026-11-01T14:00:02.000Z',
    paidAt: '2026-11-01T14:00:02.000Z',
    amount: '1200',
    currency: 'USDC',
    status: 'succeeded',
    failure: null,
    skipReason: null,
    transferId: `tx_${id}`,
    attempt: 1,
    memo: 'Rent, "November"',
    ...fields,
  };
}
const transfers: Transfer[] = [
  transfer('exe_lunch', {
    paymentId: 'pay_lunch',
    recipientId: 'user2',
    amount: '12.345678',
    currency: 'EURC',
    at: '2026-11-24T13:30:02.000Z',
    memo: null,
  }),
  transfer('exe_rent_3', {
    at: '2026-11-01T14:00:02.000Z',
    status: 'failed',
    paidAt: null,
    transferId: null,
    failure: 'insufficient_funds',
  }),
  transfer('exe_rent_2', { at: '2026-10-01T13:00:02.000Z' }),
  transfer('exe_rent_1', { at: '2026-09-01T13:00:02.000Z' }),
];

afterEach(() => {
  cleanup();
});

async function setup(options: { download?: FakeBridge['download']; transfers?: Transfer[] } = {}) {
  const replies = standardReplies(ledger, options.transfers ?? transfers);
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
  if (options.download) bridge.download = options.download;
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
  return bridge.inputsOf('transfers:list').at(-1);
}

function bodyRows() {
  const table = screen.getByRole('table', { name: 'Payment history' });
  return within(table).getAllByRole('row').slice(1);
}

describe('payment history', () => {
  it('lists each transfer of a recurring payment as its own row, with time, status and transaction id', async () => {
    const { bridge } = await setup();
    const rows = bodyRows();
    expect(rows).toHaveLength(4);
    expect(lastQuery(bridge)).toMatchObject({ groupBy: 'transfer', sort: '-at', userId: 'user1' });
    expect(rows.filter((row) => row.textContent?.includes('Alice Chen'))).toHaveLength(3);
    expect(rows[0]?.textContent).toContain('12.345678');
    expect(rows[1]?.textContent).toContain('Failed');
    expect(rows[2]?.textContent).toContain('Sent');
    expect(rows[2]?.textContent).toContain('tx_exe_rent_2');
    // Paid-at in the user's zone (New York): 13:00Z on Oct 1 is 09:00 EDT.
    expect(rows[2]?.textContent).toContain('2026-10-01 09:00');
    const table = screen.getByRole('table', { name: 'Payment history' });
    expect(table.getAttribute('aria-rowcount')).toBe('5');
    expect(screen.getByText('4 transfers')).toBeTruthy();
    for (const column of ['Paid at', 'Recipient', 'Amount', 'Status', 'Transaction']) {
      expect(screen.getByRole('columnheader', { name: column })).toBeTruthy();
    }
  });

  it('shows a skipped run as its own row, labelled Skipped with its reason, and filters on it', async () => {
    const skipped = transfer('exe_rent_skipped', {
      occurrenceAt: '2026-12-01T14:00:00.000Z',
      at: '2026-11-30T10:00:00.000Z',
      status: 'skipped',
      skipReason: 'paused',
      paidAt: null,
      transferId: null,
    });
    const { bridge, user } = await setup({ transfers: [skipped, ...transfers] });
    const rows = bodyRows();
    expect(rows).toHaveLength(5);
    const row = rows.find((candidate) => candidate.getAttribute('data-transfer-id') === skipped.id);
    expect(row?.textContent).toContain('Skipped');
    expect(row?.textContent).toContain('Fell due while paused');
    expect(row?.querySelector('[data-skip-reason="paused"]')).not.toBeNull();
    expect(row?.querySelector('.badge')?.className).toContain('badge--neutral');
    const options = within(screen.getByLabelText('Status')).getAllByRole('option');
    expect(options.map((option) => option.textContent)).toContain('Skipped');
    await user.selectOptions(screen.getByLabelText('Status'), 'skipped');
    expect(lastQuery(bridge)).toMatchObject({ status: 'skipped', offset: 0 });
  });

  it('groups by payment: the payment rows with their transfers counted, filters kept', async () => {
    const { bridge, user } = await setup();
    await user.selectOptions(screen.getByLabelText('Recipient'), 'user3');
    await user.click(screen.getByRole('button', { name: 'By payment' }));
    expect(lastQuery(bridge)).toMatchObject({ groupBy: 'payment', recipient: 'user3' });
    await waitFor(() => expect(screen.getByText('2 payments')).toBeTruthy());
    const rows = bodyRows();
    expect(rows[0]?.textContent).toContain('Alice Chen');
    expect(rows[0]?.textContent).toContain('Scheduled');
    expect(rows[0]?.textContent).toContain('3 transfers');
    // The time shown is the latest matching transfer's, in the user's zone.
    expect(rows[0]?.textContent).toContain('2026-11-01 09:00');
    expect(rows[1]?.textContent).toContain('1 transfer');
    expect(screen.getByRole('columnheader', { name: 'Schedule' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'By payment' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    // Clearing the filters keeps the view grouped.
    await user.click(screen.getByRole('button', { name: 'Reset filters' }));
    expect(lastQuery(bridge)).toMatchObject({ groupBy: 'payment' });
    expect(lastQuery(bridge)).not.toHaveProperty('recipient');
    await user.click(screen.getByRole('button', { name: 'Transfers' }));
    expect(lastQuery(bridge)).toMatchObject({ groupBy: 'transfer' });
  });

  it('sends every filter to the core, dates as the user-zone day bounds', async () => {
    const { bridge, user } = await setup();
    await user.selectOptions(screen.getByLabelText('Status'), 'succeeded');
    expect(lastQuery(bridge)).toMatchObject({ status: 'succeeded', offset: 0 });
    await user.selectOptions(screen.getByLabelText('Recipient'), 'user3');
    expect(lastQuery(bridge)).toMatchObject({ status: 'succeeded', recipient: 'user3' });
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
    await user.selectOptions(screen.getByLabelText('Status'), 'started');
    const table = screen.getByRole('table', { name: 'Payment history' });
    await within(table).findByText('No transfers match these filters');
    await user.click(within(table).getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(bodyRows()).toHaveLength(4));
    expect(store.getState().ledgerQuery.status).toBe('all');
    expect(lastQuery(bridge)).not.toHaveProperty('status');
  });

  it('sorts by a column header, and says which way', async () => {
    const { bridge, user } = await setup();
    const amount = screen.getByRole('columnheader', { name: 'Amount' });
    expect(amount.getAttribute('aria-sort')).toBeNull();
    expect(screen.getByRole('columnheader', { name: 'Paid at' }).getAttribute('aria-sort')).toBe(
      'descending',
    );
    const recipient = screen.getByRole('columnheader', { name: 'Recipient' });
    await user.click(within(recipient).getByRole('button'));
    expect(lastQuery(bridge)).toMatchObject({ sort: '-recipient' });
    const status = screen.getByRole('columnheader', { name: 'Status' });
    await user.click(within(status).getByRole('button'));
    expect(lastQuery(bridge)).toMatchObject({ sort: '-status' });
    await user.click(within(amount).getByRole('button'));
    expect(lastQuery(bridge)).toMatchObject({ sort: '-amount' });
    expect(amount.getAttribute('aria-sort')).toBe('descending');
    await user.click(within(amount).getByRole('button'));
    expect(lastQuery(bridge)).toMatchObject({ sort: 'amount' });
    expect(amount.getAttribute('aria-sort')).toBe('ascending');
  });

  it('shows a skipped run in the drawer as Skipped, with its reason', async () => {
    const { bridge, user } = await setup();
    bridge.replies['payments:get'] = ({ id }: { id: string }) =>
      ok({
        payment: ledger.find((payment) => payment.id === id),
        executions: [
          {
            id: 'exe_skipped',
            paymentId: id,
            occurrenceAt: '2026-11-24T13:30:00.000Z',
            idempotencyKey: 'idem-key-skipped',
            attempt: 1,
            status: 'skipped',
            amount: '12.345678',
            currency: 'EURC',
            startedAt: '2026-11-23T09:00:00.000Z',
            finishedAt: '2026-11-23T09:00:00.000Z',
            transferId: null,
            error: null,
            skipReason: 'not_chosen',
          },
        ],
        riskAssessment: sampleAssessment(id),
      });
    await user.click(screen.getByRole('button', { name: 'Payment of 12.345678 EURC to User Two' }));
    const drawer = await screen.findByRole('dialog', { name: 'Payment details' });
    const badge = await within(drawer).findByText('Skipped');
    expect(badge.className).toContain('badge--neutral');
    expect(drawer.textContent).toContain('Not chosen when you confirmed missed runs');
  });

  it("opens the transfer's payment in the detail drawer, with executions and the risk assessment", async () => {
    const { bridge, user } = await setup();
    await user.click(screen.getByRole('button', { name: 'Payment of 12.345678 EURC to User Two' }));
    expect(bridge.inputsOf('payments:get').at(-1)).toEqual({ id: 'pay_lunch' });
    const drawer = await screen.findByRole('dialog', { name: 'Payment details' });
    await within(drawer).findByText('Succeeded');
    expect(drawer.textContent).toContain('sim_transfer_1');
    expect(drawer.textContent).toContain('Approved');
    expect(drawer.textContent).toContain('User Two is whitelisted.');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('streams the transfers CSV from the core with a progress bar, the browser saving it', async () => {
    let finish: () => void = () => undefined;
    const { store, user } = await setup({
      download: async (name, input, onProgress) => {
        expect(name).toBe('transfers:export');
        expect(input).toMatchObject({ userId: 'user1', status: 'failed', sort: '-at' });
        expect(input).not.toHaveProperty('groupBy');
        onProgress(2000, 4000);
        await new Promise<void>((resolve) => {
          finish = resolve;
        });
        onProgress(4000, 4000);
        return ok({
          status: 'saved',
          fileName: 'arcflux-transfers-2026-11-27.csv',
          path: null,
          records: 4000,
        });
      },
    });
    await user.selectOptions(screen.getByLabelText('Status'), 'failed');
    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    const bar = await screen.findByRole('progressbar', { name: 'Export progress' });
    expect(bar.getAttribute('value')).toBe('2000');
    expect(bar.getAttribute('max')).toBe('4000');
    expect(screen.getByText('2,000 of 4,000 rows')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Exporting…' })).toHaveProperty('disabled', true);
    finish();
    await waitFor(() => expect(screen.queryByRole('progressbar')).toBeNull());
    expect(store.getState().toasts.at(-1)).toMatchObject({
      tone: 'success',
      body: '4,000 transfers saved to arcflux-transfers-2026-11-27.csv.',
    });
  });

  it('streams the same export through the desktop door, naming the file picked in the save dialog', async () => {
    let finish: () => void = () => undefined;
    const sent: [string, unknown][] = [];
    const api: ArcfluxWindowApi = {
      call: async () => ({ ok: false, error: { code: 'internal', message: 'unused' } }),
      on: () => () => undefined,
      download: async (name, input, onProgress) => {
        sent.push([name, input]);
        onProgress({ records: 0, total: 4000 });
        onProgress({ records: 2000, total: 4000 });
        // Not a progress report: the bridge drops it rather than moving the bar.
        onProgress({ records: 'lots', total: 4000 });
        await new Promise<void>((resolve) => {
          finish = resolve;
        });
        onProgress({ records: 4000, total: 4000 });
        return {
          ok: true,
          data: {
            status: 'saved',
            fileName: 'rent.csv',
            path: '/home/one/Documents/rent.csv',
            records: 4000,
          },
        };
      },
    };
    const desktop = createElectronBridge(api);
    const { store, user, bridge } = await setup({ download: desktop.download });
    await user.selectOptions(screen.getByLabelText('Status'), 'failed');
    const pagesBefore = bridge.inputsOf('payments:list').length;
    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    const bar = await screen.findByRole('progressbar', { name: 'Export progress' });
    expect(bar.getAttribute('value')).toBe('2000');
    expect(screen.getByText('2,000 of 4,000 rows')).toBeTruthy();
    finish();
    await waitFor(() => expect(screen.queryByRole('progressbar')).toBeNull());
    expect(sent).toEqual([
      ['transfers:export', expect.objectContaining({ userId: 'user1', status: 'failed' })],
    ]);
    // One streamed method, never the old page-by-page payments export.
    expect(bridge.inputsOf('payments:list')).toHaveLength(pagesBefore);
    expect(store.getState().toasts.at(-1)).toMatchObject({
      tone: 'success',
      body: '4,000 transfers saved to /home/one/Documents/rent.csv.',
    });
  });

  it('says nothing and is ready again when the save dialog is cancelled', async () => {
    const { store, user } = await setup({
      download: async () => ok({ status: 'cancelled' }),
    });
    const toastsBefore = store.getState().toasts.length;
    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Export CSV' })).toHaveProperty('disabled', false),
    );
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(store.getState().toasts).toHaveLength(toastsBefore);
  });

  it('shows why when the export fails', async () => {
    const { store, user } = await setup({
      download: async () => ({
        ok: false,
        error: {
          code: 'unavailable',
          message: 'The export stopped before it finished, so nothing was saved as rent.csv.',
        },
      }),
    });
    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() =>
      expect(store.getState().toasts.at(-1)).toMatchObject({
        tone: 'danger',
        title: "The CSV couldn't be exported",
        body: 'The export stopped before it finished, so nothing was saved as rent.csv.',
      }),
    );
    expect(screen.queryByRole('progressbar')).toBeNull();
  });
});
