import { EmptySection } from '../_components/empty-section';

export default function Page() {
  return (
    <EmptySection title="Settings">
      <p>
        Nothing here yet. API keys and users are managed through the API today (platform.apiKeys.*);
        the settings page follows.
      </p>
    </EmptySection>
  );
}
