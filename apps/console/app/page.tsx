import { ServiceHealthGrid } from './_components/service-health';

export default function HomePage() {
  return (
    <>
      <h1>Overview</h1>
      <p className="lead">
        Sextant turns experiments into reliable, observable, reversible production systems.
      </p>
      <ServiceHealthGrid />
    </>
  );
}
