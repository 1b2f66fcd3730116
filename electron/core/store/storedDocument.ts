/**
 * One value a repository keeps whole (the users, the settings, the balances): a file in the
 * data folder (JsonDocument) or rows of the household database (postgres/postgresDocument).
 */
export interface StoredDocument<T> {
  /** The last committed value. Shared, not copied: treat it as read-only. */
  readonly value: T;
  /**
   * Read-modify-write with no other write in between. `change` gets the committed value
   * and must return a new one rather than mutate it. Returns what was committed.
   */
  update(change: (current: T) => T): Promise<T>;
}
