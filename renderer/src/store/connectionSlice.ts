import type { MethodOutput } from '../../../shared/contract';
import type { ConnectionState } from '../bridge/bridge';
import type { SliceCreator } from './types';

/** Which connector moves the money, as the core reports it (system:health). */
export type ConnectorKind = MethodOutput<'system:health'>['connector'];

export interface ConnectionSlice {
  connection: ConnectionState;
  setConnection(connection: ConnectionState): void;
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
    connector: null,
    async loadHealth() {
      const result = await client.call('system:health', {});
      if (result.ok) set({ connector: result.data.connector });
    },
  });
