'use client';

import { useEffect, useState } from 'react';
import { SERVICE_NAMES, type RouterOutputs, type ServiceName, createClient } from '@sextant/client';

type Health = RouterOutputs['tracking']['health'];
type State =
  { kind: 'loading' } | { kind: 'ok'; health: Health } | { kind: 'error'; message: string };

const REFRESH_MS = 5000;

/** The four services' health, fetched through tRPC (via the console's /trpc proxy) every 5 s. */
export function ServiceHealthGrid() {
  const [states, setStates] = useState<Record<ServiceName, State>>(
    () =>
      Object.fromEntries(SERVICE_NAMES.map((s) => [s, { kind: 'loading' }])) as Record<
        ServiceName,
        State
      >,
  );
  const [checkedAt, setCheckedAt] = useState<Date | null>(null);

  useEffect(() => {
    const client = createClient({ url: window.location.origin });
    let cancelled = false;
    const refresh = async () => {
      const results = await Promise.all(
        SERVICE_NAMES.map(async (name): Promise<[ServiceName, State]> => {
          try {
            return [name, { kind: 'ok', health: await client[name].health.query() }];
          } catch (error) {
            return [name, { kind: 'error', message: (error as Error).message }];
          }
        }),
      );
      if (cancelled) return;
      setStates(Object.fromEntries(results) as Record<ServiceName, State>);
      setCheckedAt(new Date());
    };
    void refresh();
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, []);

  return (
    <section aria-labelledby="health-title">
      <div className="section-head">
        <h2 id="health-title">Services</h2>
        <span className="muted" data-testid="checked-at">
          {checkedAt ? `checked ${checkedAt.toLocaleTimeString()}` : 'checking…'}
        </span>
      </div>
      <div className="grid">
        {SERVICE_NAMES.map((name) => (
          <ServiceCard key={name} name={name} state={states[name]} />
        ))}
      </div>
    </section>
  );
}

function ServiceCard({ name, state }: { name: ServiceName; state: State }) {
  const status =
    state.kind === 'ok' ? state.health.status : state.kind === 'error' ? 'down' : 'checking';
  return (
    <article className="card" data-testid={`service-${name}`} data-status={status}>
      <header>
        <h3>{name}</h3>
        <span className={`badge badge-${status}`}>{status}</span>
      </header>
      {state.kind === 'ok' && (
        <dl>
          <dt>Database</dt>
          <dd>
            {state.health.db.kind} ·{' '}
            {state.health.db.ok
              ? `${state.health.db.latencyMs?.toFixed(1)} ms`
              : state.health.db.error}
          </dd>
          <dt>Bus</dt>
          <dd>
            {state.health.bus.transport} ·{' '}
            {state.health.bus.ok ? 'connected' : state.health.bus.error}
          </dd>
          <dt>Uptime</dt>
          <dd>{formatUptime(state.health.uptimeSeconds)}</dd>
        </dl>
      )}
      {state.kind === 'error' && <p className="error">{state.message}</p>}
    </article>
  );
}

function formatUptime(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
