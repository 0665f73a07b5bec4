import { Suspense } from 'react';
import { DeploymentsView } from './deployments-view';

export default function DeploymentsPage() {
  // The view reads ?project= (useSearchParams): Next renders it in the browser.
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <DeploymentsView />
    </Suspense>
  );
}
