import { Suspense } from 'react';
import { DeploymentView } from './deployment-view';

export default function DeploymentPage() {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <DeploymentView />
    </Suspense>
  );
}
