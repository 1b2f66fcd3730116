import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../renderer/src/App';
import type { SignedOutReason } from '../../../renderer/src/bridge/bridge';
import { AppStoreContext, createAppStore } from '../../../renderer/src/store/appStore';
import { connectStoreToCore } from '../../../renderer/src/store/coreEvents';
import { FakeBridge, standardReplies, waitUntil } from './fakeBridge';

afterEach(cleanup);

/** A browser-mode bridge whose session the test ends. */
class SessionBridge extends FakeBridge {
  signedOutListener: ((reason: SignedOutReason) => void) | null = null;
  onSignedOut(callback: (reason: SignedOutReason) => void) {
    this.signedOutListener = callback;
    return () => undefined;
  }
}

async function renderApp() {
  const bridge = new SessionBridge(standardReplies());
  const store = createAppStore(bridge);
  connectStoreToCore(store, bridge);
  render(
    <AppStoreContext value={store}>
      <App />
    </AppStoreContext>,
  );
  await waitUntil(() => screen.queryAllByText(/5,000\.00/).length > 0);
  return bridge;
}

describe('the signed-out screen', () => {
  it('replaces every panel, figures included, with what happened and how to get back in', async () => {
    const bridge = await renderApp();
    bridge.signedOutListener?.('server_restarted');
    await waitUntil(() => screen.queryByRole('heading', { level: 1, name: /restarted/ }) !== null);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(
      'The ArcFlux server restarted',
    );
    expect(screen.getByText('arcflux web')).toBeTruthy();
    expect(screen.getByText(/works once, within 2 minutes/)).toBeTruthy();
    expect(screen.queryAllByText(/5,000\.00/)).toEqual([]);
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
    expect(screen.queryByRole('region', { name: 'Balance' })).toBeNull();
  });

  it('says when the session expired, or the link was already used', async () => {
    const bridge = await renderApp();
    bridge.signedOutListener?.('session_expired');
    await waitUntil(() => screen.queryByRole('heading', { name: 'Your session ended' }) !== null);
    cleanup();
    const again = await renderApp();
    again.signedOutListener?.('launch_code_used');
    await waitUntil(
      () => screen.queryByRole('heading', { name: 'This sign-in link was already used' }) !== null,
    );
  });
});
