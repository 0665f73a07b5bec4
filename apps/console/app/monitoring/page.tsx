import { Suspense } from 'react';
import { MonitoringView } from './monitoring-view';

export default function MonitoringPage() {
  // The view reads ?project= and ?tab= (useSearchParams): Next renders it in the browser.
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <MonitoringView />
    </Suspense>
  );
}
