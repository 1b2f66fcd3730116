import type { transfersSection } from '../../../shared/contract/transfers';
import { createLocalTimeFormatter } from '../../../shared/zoneOffset';
import { inSlices } from '../background';
import { exportTransfers } from '../transfers/exportTransfers';
import { QueryCache, queryTransfers } from '../transfers/queryTransfers';
import { TransferIndex } from '../transfers/transferIndex';
import type { CoreContext, HandlerMap } from './types';

/**
 * The history of transfers. One index per core, kept in step with the execution journal
 * on each call, so a query never re-folds the journal.
 */
export function transferHandlers(
  context: CoreContext,
  options: { readNow?: boolean } = {},
): HandlerMap<keyof typeof transfersSection> {
  const nameOf = (userId: string) => context.users.find(userId)?.displayName ?? userId;
  const index = new TransferIndex({
    entries: () => context.journals.executions.entries(),
    findPayment: (id) => context.payments.find(id),
    recipientName: nameOf,
  });
  const cache = new QueryCache();
  // A long-lived door (the app, `arcflux serve`) opens on the history: its index reads the
  // journal now, before the door takes requests. Read in turns after, it raced the first
  // screen and the first tick at 1M transfers, and the first page often read the rest
  // itself (0.2-0.4 s). A one-shot CLI command, which rarely lists transfers, skips this.
  if (options.readNow) index.sync();
  // The rest is built between other work, so the first look at a 1M-transfer history finds
  // it ready; a query before then does what is left itself. The history is the first thing
  // on screen, so this index warms before the others.
  inSlices(() => index.warm(WARM_SLICE), 'first');
  return {
    'transfers:list': (filter) =>
      queryTransfers(index, filter, () => context.payments.list(), cache),
    'transfers:export': (criteria) => {
      const timeZone = context.settings.get().timezone;
      const today = createLocalTimeFormatter(timeZone)(context.clock.now().getTime());
      return exportTransfers(index, criteria, {
        timeZone,
        day: today.slice(0, 10),
        userName: nameOf,
      });
    },
  };
}

/**
 * Journal lines read per turn of the event loop while warming up: about 5 ms of work, so
 * a request that comes meanwhile (the page's own files, its session) waits that long at
 * most for each turn it needs.
 */
const WARM_SLICE = 10_000;
