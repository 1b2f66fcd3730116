import type { ArcfluxClient } from './bridge/bridge';
import { createElectronBridge } from './bridge/electronBridge';
import { createHttpBridge, type HttpBridgeEnvironment } from './bridge/httpBridge';

/**
 * Picks the door once, at start: the preload's `window.arcflux` in the desktop app,
 * otherwise the HTTP server this page was loaded from.
 */
export function createClient(): ArcfluxClient {
  return window.arcflux
    ? createElectronBridge(window.arcflux)
    : createHttpBridge(browserEnvironment());
}

function browserEnvironment(): HttpBridgeEnvironment {
  return {
    fetch: window.fetch.bind(window),
    storage: window.sessionStorage,
    href: window.location.href,
    replaceUrl: (url) => window.history.replaceState(window.history.state, '', url),
  };
}
