import { Suspense } from 'react';
import { MonitorView } from './monitor-view';

export default function MonitorPage() {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <MonitorView />
    </Suspense>
  );
}
