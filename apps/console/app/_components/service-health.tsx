'use client';

import type { UseQueryResult } from '@tanstack/react-query';
import { SERVICE_NAMES, type RouterOutputs, type ServiceName } from '@sextant/client';
import { apiProblem } from '../../lib/api-error';
import { useServiceHealth } from '../../lib/api-hooks';

type Health = RouterOutputs['tracking']['health'];
type State =
  { kind: 'loading' } | { kind: 'ok'; health: Health } | { kind: 'error'; message: string };

function stateOf(query: UseQueryResult<Health>): State {
  // The last answer wins: a service that stopped answering shows down, not its old health.
  if (query.error && query.errorUpdatedAt >= query.dataUpdatedAt) {
    return { kind: 'error', message: apiProblem(query.error).message };
  }
  if (query.data) return { kind: 'ok', health: query.data };
  return { kind: 'loading' };
}

/** The four services' health, through tRPC (via the console's /trpc proxy), every 5 s. */
export function ServiceHealthGrid() {
  const queries = useServiceHealth();
  const checkedAt = Math.max(0, ...queries.map((q) => Math.max(q.dataUpdatedAt, q.errorUpdatedAt)));

  return (
    <section aria-labelledby="health-title">
      <div className="section-head">
        <h2 id="health-title">Services</h2>
        <span className="muted" data-testid="checked-at">
          {checkedAt ? `checked ${new Date(checkedAt).toLocaleTimeString()}` : 'checking…'}
        </span>
      </div>
      <div className="grid">
        {SERVICE_NAMES.map((name, i) => (
          <ServiceCard key={name} name={name} state={stateOf(queries[i]!)} />
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
