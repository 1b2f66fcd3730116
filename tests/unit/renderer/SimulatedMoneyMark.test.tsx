import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { AppHeader } from '../../../renderer/src/components/AppHeader';
import { AppStoreContext, createAppStore } from '../../../renderer/src/store/appStore';
import { connectStoreToCore } from '../../../renderer/src/store/coreEvents';
import { FakeBridge, ok, standardReplies, waitUntil } from './fakeBridge';

afterEach(cleanup);

function health(connector: 'simulated' | 'circle') {
  return () =>
    ok({
      status: 'ok',
      version: '0.0.0-test',
      now: new Date().toISOString(),
      actingUserId: 'user1',
      connector,
    });
}

async function renderHeader(connector: 'simulated' | 'circle' | 'unknown') {
  const bridge = new FakeBridge({
    ...standardReplies(),
    ...(connector === 'unknown' ? {} : { 'system:health': health(connector) }),
  });
  const store = createAppStore(bridge);
  connectStoreToCore(store, bridge);
  render(
    <AppStoreContext value={store}>
      <AppHeader />
    </AppStoreContext>,
  );
  await waitUntil(() => store.getState().settings !== null);
  await waitUntil(() => bridge.inputsOf('system:health').length === 1);
  return { bridge, store };
}

describe('the "Simulated money" mark in the header', () => {
  it('shows while the core runs the simulated connector', async () => {
    const { store } = await renderHeader('simulated');
    await waitUntil(() => store.getState().connector === 'simulated');
    const mark = screen.getByText('Simulated money');
    expect(screen.getByRole('banner').contains(mark)).toBe(true);
    expect(mark.getAttribute('title')).toContain('no real money moves');
  });

  it('is absent with the Circle connector', async () => {
    const { store } = await renderHeader('circle');
    await waitUntil(() => store.getState().connector === 'circle');
    expect(screen.queryByText('Simulated money')).toBeNull();
  });

  it('claims nothing until the core has said which connector runs', async () => {
    const { store } = await renderHeader('unknown');
    expect(store.getState().connector).toBeNull();
    expect(screen.queryByText('Simulated money')).toBeNull();
  });
});
