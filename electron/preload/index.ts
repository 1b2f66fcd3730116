import { contextBridge, ipcRenderer } from 'electron';
import { createArcfluxApi } from './api';
import { createDesktopApi } from './desktopApi';

// Injected by electron.vite.config.ts from shared/contract, so the preload bundle holds
// the names only, not zod and the schemas.
declare const __ARCFLUX_METHOD_NAMES__: readonly string[];
declare const __ARCFLUX_EVENT_NAMES__: readonly string[];

contextBridge.exposeInMainWorld(
  'arcflux',
  Object.freeze({
    ...createArcfluxApi(ipcRenderer, {
      methods: __ARCFLUX_METHOD_NAMES__,
      events: __ARCFLUX_EVENT_NAMES__,
    }),
    desktop: createDesktopApi(ipcRenderer),
  }),
);
