/**
 * A table looked up with the user's own words. An object literal also answers for
 * "constructor", "__proto__" and the rest of Object.prototype ("pay bob 20 constructor"
 * once crashed the parser), so these tables have no prototype: only their own entries are
 * in them, for `table[word]` and for `word in table` alike.
 */
export function wordTable<T>(entries: Record<string, T>): Readonly<Record<string, T>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}
