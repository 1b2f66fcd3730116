import { z } from 'zod';
import type { PaymentPage } from '../../../shared/contract/payments';
import { formatInstantShort } from '../../../shared/format';
import { formatAmount } from '../../../shared/money';
import type { User } from '../../../shared/schemas/user';
import { parseCommandArguments } from '../arguments';
import { callCore, withCore } from '../session';
import { renderTable } from '../table';

export const ledgerHelp = `arcflux ledger [--data DIR] [--json] [filters]
  Prints the payment history, newest first.
  Filters: --status S (repeatable), --recipient USER_ID, --currency USDC|EURC,
           --from ISO, --to ISO, --q TEXT, --sort FIELD|-FIELD, --limit N, --offset N,
           --user USER_ID`;

const options = {
  json: { type: 'boolean' },
  status: { type: 'string', multiple: true },
  recipient: { type: 'string' },
  currency: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  q: { type: 'string' },
  sort: { type: 'string' },
  limit: { type: 'string' },
  offset: { type: 'string' },
  user: { type: 'string' },
} as const;

// Only the shape is checked here; the filter values are checked by the contract's
// schema in the core, so the CLI and REST reject the same things with the same words.
const argumentsSchema = z.object({
  data: z.string().optional(),
  config: z.string().optional(),
  help: z.boolean().optional(),
  json: z.boolean().default(false),
  status: z.array(z.string()).optional(),
  recipient: z.string().optional(),
  currency: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  q: z.string().optional(),
  sort: z.string().optional(),
  limit: z.string().optional(),
  offset: z.string().optional(),
  user: z.string().optional(),
});

export async function ledgerCommand(argv: readonly string[], print: (text: string) => void) {
  const { values } = parseCommandArguments('ledger', argv, options, argumentsSchema);
  const { data, config, help: _help, json, user, status, ...filters } = values;
  await withCore({ data, config }, async (core) => {
    const page = await callCore(core, 'payments:list', {
      ...filters,
      userId: user,
      status: status?.length === 1 ? status[0] : status,
    });
    if (json) return print(JSON.stringify(page, null, 2));
    const users = await callCore(core, 'users:list', {});
    const { timezone } = await callCore(core, 'settings:get', {});
    print(describeLedger(page, users, timezone));
  });
  return 0;
}

function describeLedger(page: PaymentPage, users: readonly User[], timezone: string): string {
  if (page.total === 0) {
    return 'No payments match. Try fewer filters, or make a payment first.';
  }
  const names = new Map(users.map((user) => [user.id, user.displayName]));
  const rows = page.items.map((payment) => [
    formatInstantShort(payment.createdAt, timezone),
    payment.id,
    names.get(payment.recipientId) ?? payment.recipientId,
    formatAmount(payment.amount, payment.currency),
    payment.status,
    payment.nextRunAt ? formatInstantShort(payment.nextRunAt, timezone) : '-',
  ]);
  const headers = ['Created', 'Id', 'Recipient', 'Amount', 'Status', 'Next run'];
  const range = `${page.offset + 1}-${page.offset + page.items.length} of ${page.total}`;
  return `${renderTable(headers, rows)}\n${range} (times in ${timezone})`;
}
