import { beforeAll, describe, expect, it } from 'vitest';
import { TRANSFER_CSV_COLUMNS } from '../../electron/core/transfers/exportTransfers';
import { withoutUndoWindow } from '../support/moneyCore';
import { useMoneyServer } from '../support/moneyServer';

const rest = useMoneyServer('transfers-token-0123456789');

let paymentId = '';
let memo = '';

// A 5-second schedule that has run three times: three transfers of one payment.
beforeAll(async () => {
  await withoutUndoWindow(rest.money);
  const settings = (await rest.api('/v1/settings')).body.data;
  await rest.patch('/v1/settings', {
    guardian: { ...settings.guardian, minimumIntervalSeconds: 5 },
  });
  const command = await rest.api('/v1/commands', {
    text: 'Pay User Two 5 USDC every 5 seconds memo =SUM(1,2)',
  });
  paymentId = command.body.data.payment.id;
  memo = command.body.data.payment.memo;
  await rest.api(`/v1/payments/${paymentId}/confirm`, {});
  for (let run = 0; run < 3; run += 1) {
    rest.money.clock.advance(5_000);
    const tick = await rest.api('/v1/scheduler/tick', {});
    expect(tick.body.data.executed).toHaveLength(1);
  }
});

describe('the history of transfers over REST', () => {
  it('lists each run of the recurring payment as its own transfer, and groups them', async () => {
    const list = await rest.api('/v1/transfers?sort=at');
    expect(list.body.data).toMatchObject({ groupBy: 'transfer', total: 3 });
    const transfers = list.body.data.items;
    expect(transfers.map((transfer: any) => transfer.paymentId)).toEqual([
      paymentId,
      paymentId,
      paymentId,
    ]);
    expect(new Set(transfers.map((transfer: any) => transfer.transferId)).size).toBe(3);
    expect(transfers[0]).toMatchObject({ status: 'succeeded', paidAt: expect.any(String) });
    const grouped = await rest.api('/v1/transfers?groupBy=payment');
    expect(grouped.body.data.items).toMatchObject([{ payment: { id: paymentId }, transfers: 3 }]);
  });

  it('streams the CSV in chunks: header, one record per transfer, quoting and inert formulas', async () => {
    const response = await fetch(new URL('/v1/transfers/export?sort=at', rest.server.url), {
      headers: { authorization: `Bearer ${rest.token}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    expect(response.headers.get('x-total-rows')).toBe('3');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="arcflux-transfers-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const text = await response.text();
    const lines = text.split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines[0]).toBe(TRANSFER_CSV_COLUMNS.join(','));
    const records = lines.slice(1, -1);
    expect(records).toHaveLength(3);
    const transfers = (await rest.api('/v1/transfers?sort=at')).body.data.items;
    // The memo holds a comma: quoted, and made inert for spreadsheets.
    expect(memo).toBe('=SUM(1,2)');
    const memoCell = `"'=SUM(1,2)"`;
    records.forEach((record, index) => {
      const transfer = transfers[index];
      expect(
        record.startsWith(
          `${transfer.id},${paymentId},${transfer.occurrenceAt},${transfer.paidAt},`,
        ),
      ).toBe(true);
      expect(record).toContain(`,User One,User Two,5,USDC,succeeded,,,${transfer.transferId},`);
      expect(record.endsWith(`,${memoCell}`)).toBe(true);
    });
    // Paid at, local: ISO with the offset, then the user's zone.
    expect(records[0]?.split(',')[4]).toMatch(
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2} America\/New_York$/,
    );
  });

  it('filters the export like the list, and answers bad input or no token with a JSON error', async () => {
    const none = await fetch(new URL('/v1/transfers/export?status=failed', rest.server.url), {
      headers: { authorization: `Bearer ${rest.token}` },
    });
    expect(none.headers.get('x-total-rows')).toBe('0');
    expect((await none.text()).split('\r\n')).toEqual([TRANSFER_CSV_COLUMNS.join(','), '']);
    const bad = await rest.api('/v1/transfers/export?status=paid');
    expect(bad).toMatchObject({
      status: 400,
      body: { ok: false, error: { code: 'invalid_input' } },
    });
    const anonymous = await fetch(new URL('/v1/transfers/export', rest.server.url));
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/json');
  });
});
