import { EmptySection } from '../_components/empty-section';

export default function Page() {
  return (
    <EmptySection title="Deployments">
      <p>
        Nothing here yet. Models served over the Open Inference Protocol will appear here, with
        canary and shadow traffic and one-step rollback.
      </p>
    </EmptySection>
  );
}
