'use client';

import { useCallback, useSyncExternalStore } from 'react';

// `storage` events reach other tabs only; this one tells the hooks of this tab.
const LOCAL_CHANGE = 'sextant:local-storage';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('storage', onChange);
  window.addEventListener(LOCAL_CHANGE, onChange);
  return () => {
    window.removeEventListener('storage', onChange);
    window.removeEventListener(LOCAL_CHANGE, onChange);
  };
}

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    // Storage disabled (private mode, a policy): nothing is remembered.
    return null;
  }
}

/** Writes a remembered value and tells every hook reading it. */
export function writeLocal(key: string, value: string | null): void {
  try {
    if (value === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, value);
  } catch {
    return;
  }
  window.dispatchEvent(new Event(LOCAL_CHANGE));
}

/**
 * A value remembered in this browser (localStorage), kept in step across components and tabs;
 * null on the server and when nothing is stored.
 */
export function useLocalStorage(key: string): [string | null, (value: string | null) => void] {
  const value = useSyncExternalStore(
    subscribe,
    () => read(key),
    () => null,
  );
  const set = useCallback((next: string | null) => writeLocal(key, next), [key]);
  return [value, set];
}
