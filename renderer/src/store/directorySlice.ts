import type { ErrorBody } from '../../../shared/errors';
import type { User } from '../../../shared/schemas/user';
import type { LoadStatus, SliceCreator } from './types';

/** Everyone this install knows, for names in the header and the ledger. */
export interface DirectorySlice {
  users: User[];
  /** Display name by user id, derived once per load so rows select a single string. */
  userNames: Record<string, string>;
  directoryStatus: LoadStatus;
  directoryError: ErrorBody | null;
  loadUsers(): Promise<void>;
}

export const createDirectorySlice: SliceCreator<DirectorySlice> =
  ({ client }) =>
  (set, get) => ({
    users: [],
    userNames: {},
    directoryStatus: 'idle',
    directoryError: null,
    async loadUsers() {
      if (get().directoryStatus !== 'ready') set({ directoryStatus: 'loading' });
      const result = await client.call('users:list', {});
      if (result.ok) {
        set({
          users: result.data,
          userNames: Object.fromEntries(result.data.map((user) => [user.id, user.displayName])),
          directoryStatus: 'ready',
          directoryError: null,
        });
      } else {
        set({
          directoryStatus: get().directoryStatus === 'ready' ? 'ready' : 'error',
          directoryError: result.error,
        });
      }
    },
  });
