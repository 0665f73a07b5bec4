import { Suspense } from 'react';
import { ModelView } from './model-view';

export default function ModelPage() {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <ModelView />
    </Suspense>
  );
}
