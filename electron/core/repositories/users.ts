import { z } from 'zod';
import { userSchema, type HouseholdRole, type User } from '../../../shared/schemas/user';
import type { Clock } from '../clock';
import { DATA_FILES } from '../dataFolder';
import { CoreError } from '../errors';
import { JsonDocument } from '../store';
import type { StoredDocument } from '../store/storedDocument';

/** The people this install knows: the owner and their contacts. */
export class UsersRepository {
  constructor(private readonly document: StoredDocument<User[]>) {}

  static async open(dataDir: string, clock: Clock): Promise<UsersRepository> {
    const document = await JsonDocument.open(
      dataDir,
      { file: DATA_FILES.users, version: 1, schema: z.array(userSchema) },
      clock,
    );
    return new UsersRepository(document);
  }

  list(): readonly User[] {
    return this.document.value;
  }

  find(id: string): User | undefined {
    return this.document.value.find((user) => user.id === id);
  }

  /** Like find, but a missing user is a clear not_found error. */
  get(id: string): User {
    const user = this.find(id);
    if (!user) {
      throw new CoreError(
        'not_found',
        `There is no user "${id}" in this data folder. Use one of: ${this.list()
          .map((known) => known.id)
          .join(', ')}.`,
      );
    }
    return user;
  }

  /** Gives a person their household role (owner, member, viewer). */
  async setRole(id: string, household: HouseholdRole): Promise<void> {
    this.get(id);
    await this.document.update((users) =>
      users.map((user) => (user.id === id ? { ...user, household } : user)),
    );
  }
}
