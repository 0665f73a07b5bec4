import { EmptySection } from '../_components/empty-section';

export default function Page() {
  return (
    <EmptySection title="Experiments">
      <p>
        Nothing here yet. Runs logged by training scripts and CI jobs will appear here, grouped by
        experiment, with their params, metrics and artifacts.
      </p>
    </EmptySection>
  );
}
