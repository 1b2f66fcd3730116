import type { Notification } from '../../../shared/schemas/notification';
import { instantMs } from '../clock';
import { keyOrder } from '../indexes/keyOrder';
import { foldNotification } from './foldNotification';

/** One page of a user's notifications, newest first, with the counts over all of them. */
export interface NotificationPage {
  items: Notification[];
  total: number;
  unread: number;
}

/**
 * Each notification's current state and each user's notifications in time order, kept in
 * step with the outbox's lines as they are appended. The notification centre asks on every
 * page load and after every tick; folding and sorting a few hundred thousand lines each
 * time held the core for most of a second.
 */
export class NotificationIndex {
  readonly #current = new Map<string, Notification>();
  /**
   * Per user, ids oldest first (by createdAt, ties in the order written), with each one's
   * createdAt in milliseconds beside it: a sort then reads no notification.
   */
  readonly #oldestFirst = new Map<string, UserList>();
  readonly #unread = new Map<string, number>();
  /** Users whose order took an id out of turn: sorted again when next asked. */
  readonly #unsorted = new Set<string>();
  #source: readonly Notification[] | undefined;
  #seen = 0;

  constructor(private readonly lines: () => readonly Notification[]) {}

  /** The user's newest `limit` notifications in their current state, and the counts. */
  page(userId: string, limit: number): NotificationPage {
    const ids = this.#ids(userId);
    const items: Notification[] = [];
    for (let at = ids.length - 1; at >= 0 && items.length < limit; at -= 1) {
      items.push(this.#current.get(ids[at] as string) as Notification);
    }
    return { items, total: ids.length, unread: this.#unread.get(userId) ?? 0 };
  }

  /** Every notification of the user in its current state, newest first. */
  forUser(userId: string): Notification[] {
    return this.page(userId, Infinity).items;
  }

  /**
   * Reads at most `limit` lines not read yet, then puts in order any user's list that
   * needs it; true once nothing is left, so a warm-up can run it a slice at a time.
   */
  warm(limit: number): boolean {
    if (!this.#sync(limit)) return false;
    for (const userId of this.#unsorted) {
      const list = this.#oldestFirst.get(userId);
      if (list) sortList(list);
    }
    this.#unsorted.clear();
    return true;
  }

  #ids(userId: string): readonly string[] {
    this.#sync(Infinity);
    const list = this.#oldestFirst.get(userId);
    if (!list) return [];
    if (this.#unsorted.delete(userId)) sortList(list);
    return list.ids;
  }

  /** Reads at most `limit` new lines; true when every line has been read. */
  #sync(limit: number): boolean {
    const lines = this.lines();
    // The outbox only grows while the core runs; another list, or a shorter one, was
    // reopened: read it anew.
    if (lines !== this.#source || lines.length < this.#seen) {
      this.#source = lines;
      this.#seen = 0;
      this.#current.clear();
      this.#oldestFirst.clear();
      this.#unread.clear();
      this.#unsorted.clear();
    }
    const end = Math.min(lines.length, this.#seen + limit);
    for (; this.#seen < end; this.#seen += 1) this.#take(lines[this.#seen] as Notification);
    return end === lines.length;
  }

  #take(line: Notification): void {
    const { userId } = line;
    const previous = this.#current.get(line.id);
    const state = previous ? foldNotification(previous, line) : line;
    this.#current.set(line.id, state);
    // Read stays read (foldNotification), so a line can only take one off the count.
    const wasUnread = previous ? previous.readAt === null : false;
    const unread = (state.readAt === null ? 1 : 0) - (wasUnread ? 1 : 0);
    if (unread !== 0) this.#unread.set(userId, (this.#unread.get(userId) ?? 0) + unread);
    if (previous) return;
    let list = this.#oldestFirst.get(userId);
    if (!list) {
      list = { ids: [], createdMs: [] };
      this.#oldestFirst.set(userId, list);
    }
    // Lines are nearly always written in time order: the new one goes last. One that is
    // not (a clock set back, a folder moved in) leaves the list to be sorted once.
    const createdMs = instantMs(line.createdAt);
    const newest = list.createdMs.at(-1);
    if (newest !== undefined && createdMs < newest) this.#unsorted.add(userId);
    list.ids.push(line.id);
    list.createdMs.push(createdMs);
  }
}

interface UserList {
  ids: string[];
  createdMs: number[];
}

/** Sorts a user's list by createdAt; ties keep the order written. */
function sortList(list: UserList): void {
  const { ids, createdMs } = list;
  const order = keyOrder(Float64Array.from(createdMs), ids.length);
  const written = [...ids];
  const writtenMs = [...createdMs];
  order.forEach((from, position) => {
    ids[position] = written[from] as string;
    createdMs[position] = writtenMs[from] as number;
  });
}
