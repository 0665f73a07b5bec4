import { Suspense } from 'react';
import { ModelsView } from './models-view';

export default function ModelsPage() {
  // The view reads ?project= (useSearchParams): Next renders it in the browser.
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <ModelsView />
    </Suspense>
  );
}
