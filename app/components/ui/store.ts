import { useSyncExternalStore } from "react";

/**
 * A value that browser code outside React (a client action) sets and components show. On the
 * server it is always `initial`, so the first render in the browser matches the page.
 */
export function createStore<T>(initial: T) {
  let value = initial;
  const listeners = new Set<() => void>();
  const subscribe = (listener: () => void) => {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  };
  const get = () => value;
  return {
    get,
    set(next: T) {
      value = next;
      for (const listener of listeners) listener();
    },
    /** The current value, as a hook: the component renders again when it changes. */
    useValue(): T {
      return useSyncExternalStore(subscribe, get, () => initial);
    },
  };
}
