import { Suspense } from 'react';
import { RunView } from './run-view';

export default function RunPage() {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <RunView />
    </Suspense>
  );
}
