'use client';

import { useEffect, useState } from 'react';

/** Copies a text to the clipboard and says so for a moment. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = window.setTimeout(() => setState('idle'), 2_000);
    return () => window.clearTimeout(timer);
  }, [state]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      // No clipboard permission (or an insecure origin): the text stays selectable.
      setState('failed');
    }
  };
  return (
    <button
      type="button"
      className="secondary small copy-button"
      aria-label={label}
      title={state === 'failed' ? 'The browser refused: select the text and copy it' : label}
      onClick={() => void copy()}
    >
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : 'Copy'}
    </button>
  );
}
