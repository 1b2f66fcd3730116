import { useEffect, useState } from 'react';

/** The current time, refreshed every `intervalMs` while `active`; for countdowns. */
export function useNow(now: () => number, intervalMs: number, active = true): number {
  const [current, setCurrent] = useState(now);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setCurrent(now()), intervalMs);
    return () => clearInterval(timer);
  }, [now, intervalMs, active]);
  return current;
}
