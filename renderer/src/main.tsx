import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createClient } from './client';
import { keepLastSync } from './household/lastSync';
import { AppStoreContext, createAppStore, type AppStore } from './store/appStore';
import { connectStoreToCore } from './store/coreEvents';
import type { KeyValueStorage } from './store/types';
import { applyTheme } from './theme';
import captureWorkletUrl from './voice/captureWorklet.ts?worker&url';
import { createMicrophoneVoice, pageMicrophone } from './voice/microphoneVoice';
import './styles.css';

void start();

/** Waits for the remembered household server (the desktop asks its main process) first. */
async function start(): Promise<void> {
  // Created and wired outside React so StrictMode's double effects can't subscribe twice.
  const { client, household } = await createClient();
  const storage = localStorageOrNull();
  const store = createAppStore(client, {
    household,
    storage,
    voice: createMicrophoneVoice(pageMicrophone(captureWorkletUrl)),
    attentive: () => document.visibilityState === 'visible' && document.hasFocus(),
  });
  // Before the first paint, so a saved dark theme never flashes light.
  applyTheme(store.getState().theme);
  // Before the first load, so a household server that is down still shows its last history.
  // A browser tab keeps it only as long as the tab, like its household token.
  keepLastSync(store, window.arcflux ? storage : sessionStorageOrNull());
  connectStoreToCore(store, client);
  // The desktop app's global shortcut (the browser has none).
  window.arcflux?.desktop?.onPushToTalk(() => void store.getState().toggleListening());

  const container = document.getElementById('root');
  if (!container) throw new Error('index.html must contain <div id="root">');
  // React's first render holds the page for a tenth of a second or more. Started before the
  // settings are in, it held their answer too, and with it the requests for the user's
  // data (the history's first rows); after them, it runs while those are answered.
  await settingsSettled(store, FIRST_RENDER_WAIT_MS);

  createRoot(container).render(
    <StrictMode>
      <AppStoreContext value={store}>
        <App />
      </AppStoreContext>
    </StrictMode>,
  );
}

/** The longest the first render waits for the settings: a slow core still gets a page. */
const FIRST_RENDER_WAIT_MS = 400;

/** Resolves when the settings have loaded or failed, or after `maxMs`, whichever is first. */
function settingsSettled(store: AppStore, maxMs: number): Promise<void> {
  const settled = () => ['ready', 'error'].includes(store.getState().settingsStatus);
  if (settled()) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    };
    const timer = setTimeout(done, maxMs);
    const unsubscribe = store.subscribe(() => {
      if (settled()) done();
    });
  });
}

function sessionStorageOrNull(): KeyValueStorage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

/** Storage can be switched off (private modes, policies); the app then forgets on reload. */
function localStorageOrNull(): KeyValueStorage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
