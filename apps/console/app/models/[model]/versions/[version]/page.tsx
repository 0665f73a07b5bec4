import { Suspense } from 'react';
import { VersionView } from './version-view';

export default function ModelVersionPage() {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <VersionView />
    </Suspense>
  );
}
