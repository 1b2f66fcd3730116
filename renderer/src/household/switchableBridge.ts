import type { Bridge, ConnectionState, SignedOutReason } from '../bridge/bridge';

export interface SwitchableBridge extends Bridge {
  /**
   * Points every call and subscription at another door (the local core, or a household
   * server); listeners move over, and `onSwitch` callbacks run so the app reloads its data
   * from the new one.
   */
  switchTo(next: Bridge): void;
}

interface Subscription {
  subscribe(bridge: Bridge): () => void;
  unsubscribe: () => void;
}

/**
 * A bridge in front of the real one, so the store and its slices keep the one client they
 * were made with while the user connects to a household server and back.
 */
export function createSwitchableBridge(initial: Bridge): SwitchableBridge {
  let current = initial;
  const subscriptions = new Set<Subscription>();
  const switchListeners = new Set<() => void>();

  const hold = (subscribe: (bridge: Bridge) => () => void): (() => void) => {
    const subscription: Subscription = { subscribe, unsubscribe: subscribe(current) };
    subscriptions.add(subscription);
    return () => {
      subscription.unsubscribe();
      subscriptions.delete(subscription);
    };
  };

  return {
    get kind() {
      return current.kind;
    },
    get household() {
      return current.household ?? null;
    },
    call: (name, input) => current.call(name, input),
    download: (name, input, onProgress) => current.download(name, input, onProgress),
    on(event, callback) {
      return hold((bridge) => bridge.on(event, callback));
    },
    onConnectionChange(callback: (state: ConnectionState) => void) {
      return hold((bridge) => bridge.onConnectionChange(callback));
    },
    onSignedOut(callback: (reason: SignedOutReason) => void) {
      return hold((bridge) => bridge.onSignedOut?.(callback) ?? (() => undefined));
    },
    onSwitch(callback: () => void) {
      switchListeners.add(callback);
      return () => {
        switchListeners.delete(callback);
      };
    },
    close() {
      current.close?.();
    },
    switchTo(next) {
      for (const subscription of subscriptions) subscription.unsubscribe();
      current.close?.();
      current = next;
      for (const subscription of subscriptions) {
        subscription.unsubscribe = subscription.subscribe(next);
      }
      for (const callback of switchListeners) callback();
    },
  };
}
