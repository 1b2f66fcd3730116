import type { HouseholdConnection } from '../../shared/schemas/household';
import type { Bridge } from './bridge/bridge';
import { createElectronBridge } from './bridge/electronBridge';
import { createHttpBridge, type HttpBridgeEnvironment } from './bridge/httpBridge';
import { desktopMemory, tabMemory } from './household/householdMemory';
import { createHouseholdSwitcher, type HouseholdSwitcher } from './household/householdSwitcher';
import { createSwitchableBridge, type SwitchableBridge } from './household/switchableBridge';

/**
 * Picks the door at start: a household server when one was connected (and remembered),
 * else the preload's `window.arcflux` in the desktop app, otherwise the HTTP server this
 * page was loaded from. Settings may switch between them later through `household`.
 */
export async function createClient(): Promise<{
  client: SwitchableBridge;
  household: HouseholdSwitcher;
}> {
  const arcflux = window.arcflux;
  if (!arcflux) reloadOnNewLaunchLink();
  const local = (): Bridge =>
    arcflux ? createElectronBridge(arcflux) : createHttpBridge(browserEnvironment());
  const remote = (household: HouseholdConnection): Bridge =>
    createHttpBridge({ ...browserEnvironment(), household });
  const memory = arcflux?.desktop
    ? desktopMemory(arcflux.desktop)
    : tabMemory(window.sessionStorage);
  const remembered = await memory.recall().catch(() => null);
  const client = createSwitchableBridge(remembered ? remote(remembered) : local());
  const fetcher = window.fetch.bind(window);
  return {
    client,
    household: createHouseholdSwitcher({ client, memory, local, remote, fetch: fetcher }),
  };
}

/**
 * A fresh link opened in this tab differs from the page's address only after the "#", so
 * the browser does not load the page again and the link would go unused; loading it again
 * signs the tab in with the new code.
 */
function reloadOnNewLaunchLink(): void {
  window.addEventListener('hashchange', () => {
    if (new URLSearchParams(window.location.hash.slice(1)).has('launch')) window.location.reload();
  });
}

function browserEnvironment(): HttpBridgeEnvironment {
  return {
    fetch: window.fetch.bind(window),
    storage: window.sessionStorage,
    href: window.location.href,
    replaceUrl: (url) => window.history.replaceState(window.history.state, '', url),
    saveFile,
  };
}

/** Starts a browser download of the file through a hidden link. */
function saveFile(file: Blob, fileName: string): void {
  const url = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has read the blob once the click has been handled.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
