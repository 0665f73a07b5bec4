import { Suspense } from 'react';
import { ExperimentsView } from './experiments-view';

export default function ExperimentsPage() {
  // The view reads ?project= (useSearchParams): Next renders it in the browser, behind this.
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <ExperimentsView />
    </Suspense>
  );
}
