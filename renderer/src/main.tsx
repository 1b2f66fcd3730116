import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createClient } from './client';
import { AppStoreContext, createAppStore } from './store/appStore';
import { connectStoreToCore } from './store/coreEvents';
import './styles.css';

// Created and wired outside React so StrictMode's double effects can't subscribe twice.
const client = createClient();
const store = createAppStore(client);
connectStoreToCore(store, client);

const container = document.getElementById('root');
if (!container) throw new Error('index.html must contain <div id="root">');

createRoot(container).render(
  <StrictMode>
    <AppStoreContext value={store}>
      <App />
    </AppStoreContext>
  </StrictMode>,
);
