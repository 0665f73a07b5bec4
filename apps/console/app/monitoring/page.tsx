import { EmptySection } from '../_components/empty-section';

export default function Page() {
  return (
    <EmptySection title="Monitoring">
      <p>
        Nothing here yet. Drift reports over live prediction windows and their alerts will appear
        here.
      </p>
    </EmptySection>
  );
}
