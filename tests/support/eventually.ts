/**
 * Resolves once `condition` holds, checking it again every few milliseconds. The limit is
 * generous on purpose: it only turns a condition that never comes into a failure that names
 * it, and on a busy machine the condition may take far longer than it does here.
 */
export async function eventually(
  condition: () => boolean | Promise<boolean>,
  what: string,
  limitMs = 60_000,
): Promise<void> {
  const deadline = performance.now() + limitMs;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`waited ${limitMs / 1000} s for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
