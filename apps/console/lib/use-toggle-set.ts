'use client';

import { useCallback, useState } from 'react';

/** A set of open rows (or any keys) and a toggle that adds a key, or removes it when present. */
export function useToggleSet<T>(): [ReadonlySet<T>, (key: T) => void] {
  const [open, setOpen] = useState<ReadonlySet<T>>(new Set());
  const toggle = useCallback(
    (key: T) =>
      setOpen((prev) => {
        const next = new Set(prev);
        if (next.has(key)) next.delete(key);
        else next.add(key);
        return next;
      }),
    [],
  );
  return [open, toggle];
}
