/**
 * Why a fetch got no answer, as data: it timed out, or the system refused or dropped the
 * connection (ECONNREFUSED, ECONNRESET, ENOTFOUND...). The error's own text is outside
 * text (it may quote a URL), so only the system's code is kept, and only if it looks like
 * one.
 */
export interface FetchFailure {
  timedOut: boolean;
  systemCode: string | null;
}

export function fetchFailure(error: unknown): FetchFailure {
  if (error instanceof Error && error.name === 'TimeoutError') {
    return { timedOut: true, systemCode: null };
  }
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = cause?.code;
  return {
    timedOut: false,
    systemCode: typeof code === 'string' && /^[A-Z_]{2,40}$/.test(code) ? code : null,
  };
}

/** The same in words, for a message: "timed out", "could not connect (ECONNREFUSED)". */
export function describeFetchFailure(failure: FetchFailure): string {
  if (failure.timedOut) return 'timed out';
  return failure.systemCode ? `could not connect (${failure.systemCode})` : 'could not connect';
}
