import { Suspense } from 'react';
import { CompareView } from './compare-view';

export default function ComparePage() {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <CompareView />
    </Suspense>
  );
}
