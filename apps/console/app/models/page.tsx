import { EmptySection } from '../_components/empty-section';

export default function Page() {
  return (
    <EmptySection title="Models">
      <p>
        Nothing here yet. Registered model versions and their aliases (champion, challenger) will
        appear here, with each version's lineage.
      </p>
    </EmptySection>
  );
}
