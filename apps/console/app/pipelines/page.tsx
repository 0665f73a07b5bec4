import { EmptySection } from '../_components/empty-section';

export default function Page() {
  return (
    <EmptySection title="Pipelines">
      <p>Nothing here yet. Pipeline DAGs, their schedules and runs will appear here.</p>
    </EmptySection>
  );
}
