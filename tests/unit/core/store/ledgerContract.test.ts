import { afterAll } from 'vitest';
import { LedgerStore } from '../../../../electron/core/store/ledgerStore';
import { temporaryFolder } from '../../../support/dataFolder';
import { describeLedgerContract } from '../../../support/ledgerContract';
import { ManualClock } from '../../../support/manualClock';

const folders: { remove(): void }[] = [];
afterAll(() => folders.splice(0).forEach((folder) => folder.remove()));

describeLedgerContract('the file ledger (LedgerStore)', async () => {
  const folder = temporaryFolder('arcflux-contract-');
  folders.push(folder);
  const clock = new ManualClock();
  return { open: () => LedgerStore.open(folder.path, clock, async () => undefined) };
});
