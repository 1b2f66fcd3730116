import { isReadOnly } from '../store/householdSlice';
import { useAppStore } from '../store/appStore';

/**
 * What the banner says, by code: from the bridge's connection state, never from a
 * message the bridge wrote, so the words here are the only ones.
 * - household_unreachable: the server does not answer; the history is the last synced;
 * - household_back: it answers again and everything was reloaded from it.
 */
export type HouseholdBannerCode = 'household_unreachable' | 'household_back';

/**
 * Connected to a household server: says when it can't be reached (the history stays on
 * screen read-only, paying and confirming are off, the app retries by itself) and when
 * it is back.
 */
export function HouseholdBanner() {
  const household = useAppStore((state) => state.household);
  const readOnly = useAppStore(isReadOnly);
  const back = useAppStore((state) => state.householdBack);
  const setBack = useAppStore((state) => state.setHouseholdBack);
  const connection = useAppStore((state) => state.connection);
  if (!household) return null;
  // Opening the stream the first time is not being offline.
  const code: HouseholdBannerCode | null =
    readOnly && connection !== 'connecting'
      ? 'household_unreachable'
      : back
        ? 'household_back'
        : null;
  if (code === 'household_unreachable') {
    return (
      <div
        className="household-banner inline-notice inline-notice--warning"
        role="alert"
        data-code={code}
      >
        <p>
          <strong>Offline: the household server at {household.url} can&apos;t be reached.</strong>{' '}
          You are seeing the history as it was last synced, read-only. Paying and confirming are off
          until it is back; ArcFlux keeps retrying by itself.
        </p>
        <p className="muted">Code: {code}</p>
      </div>
    );
  }
  if (code === 'household_back') {
    return (
      <div
        className="household-banner inline-notice inline-notice--success"
        role="status"
        data-code={code}
      >
        <p>Back online with {household.url}. Everything on screen was reloaded from it.</p>
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={() => setBack(false)}
        >
          Dismiss
        </button>
      </div>
    );
  }
  return null;
}
