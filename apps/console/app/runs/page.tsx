import { Suspense } from 'react';
import { RunsView } from './runs-view';

export default function RunsPage() {
  // The view reads its state from the URL (useSearchParams): Next renders it in the browser.
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <RunsView />
    </Suspense>
  );
}
