import type { ArcfluxClient } from './bridge/bridge';
import { createElectronBridge } from './bridge/electronBridge';
import { createHttpBridge, type HttpBridgeEnvironment } from './bridge/httpBridge';

/**
 * Picks the door once, at start: the preload's `window.arcflux` in the desktop app,
 * otherwise the HTTP server this page was loaded from.
 */
export function createClient(): ArcfluxClient {
  if (window.arcflux) return createElectronBridge(window.arcflux);
  reloadOnNewLaunchLink();
  return createHttpBridge(browserEnvironment());
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
