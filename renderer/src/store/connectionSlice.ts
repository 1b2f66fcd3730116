import type { ConnectionState } from '../bridge/bridge';
import type { SliceCreator } from './types';

export interface ConnectionSlice {
  connection: ConnectionState;
  setConnection(connection: ConnectionState): void;
}

export const createConnectionSlice: SliceCreator<ConnectionSlice> = () => (set) => ({
  connection: 'connecting',
  setConnection(connection) {
    set({ connection });
  },
});
