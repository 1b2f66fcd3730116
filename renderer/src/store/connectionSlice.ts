import type { MethodOutput } from '../../../shared/contract';
import type { ConnectionState, SignedOutReason } from '../bridge/bridge';
import type { SliceCreator } from './types';

/** Which connector moves the money, as the core reports it (system:health). */
export type ConnectorKind = MethodOutput<'system:health'>['connector'];

export interface ConnectionSlice {
  connection: ConnectionState;
  setConnection(connection: ConnectionState): void;
  /**
   * Browser mode: why this tab has no session any more (it expired, the server restarted,
   * the link was used), or null while it has one. The app then shows only its signed-out
   * screen, so no figure from before is left on screen looking current.
   */
  signedOut: SignedOutReason | null;
  setSignedOut(reason: SignedOutReason): void;
  /** Null until the core has said; the header marks simulated money from it. */
  connector: ConnectorKind | null;
  /** Asks the core which connector it runs (kept as it was when the core can't say). */
  loadHealth(): Promise<void>;
}

export const createConnectionSlice: SliceCreator<ConnectionSlice> =
  ({ client }) =>
  (set) => ({
    connection: 'connecting',
    setConnection(connection) {
      set({ connection });
    },
    signedOut: null,
    setSignedOut(reason) {
      set({ signedOut: reason });
    },
    connector: null,
    async loadHealth() {
      const result = await client.call('system:health', {});
      if (result.ok) set({ connector: result.data.connector });
    },
  });
