import { aliasOrder } from '../../lib/model-registry';

/** An alias as a badge: champion and challenger have their own colours, any other name one more. */
export function AliasBadge({ alias, version }: { alias: string; version?: number }) {
  const kind = alias === 'champion' || alias === 'challenger' ? alias : 'other';
  return (
    <span className={`badge badge-alias badge-alias-${kind}`} data-alias={alias}>
      {alias}
      {version !== undefined && <span className="badge-alias-version">v{version}</span>}
    </span>
  );
}

/** A version's aliases, champion first. */
export function AliasBadges({ aliases }: { aliases: readonly string[] }) {
  if (aliases.length === 0) return <span className="muted">—</span>;
  return (
    <span className="alias-badges">
      {[...aliases].sort(aliasOrder).map((a) => (
        <AliasBadge key={a} alias={a} />
      ))}
    </span>
  );
}

/** A version's registration status: ready, pending, or failed with its reason on hover. */
export function VersionStatus({
  status,
  reason,
}: {
  status: 'pending' | 'ready' | 'failed';
  reason: string | null;
}) {
  return (
    <span className={`badge badge-version-${status}`} title={reason ?? undefined}>
      {status}
    </span>
  );
}
