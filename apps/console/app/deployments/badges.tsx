import type { DeploymentSummary } from '../../lib/serving-hooks';

/** Who may call a deployment: anyone (public, an explicit choice) or holders of a key. */
export function AccessBadge({ isPublic }: { isPublic: boolean }) {
  return isPublic ? (
    <span className="badge badge-public" title="Anyone may predict, without a key">
      public
    </span>
  ) : (
    <span className="badge badge-keyed" title="Predicting needs an API key">
      API key
    </span>
  );
}

/**
 * The deployment's current revision, and whether this replica serves it yet: a new revision
 * loads its versions beside the old ones before traffic switches.
 */
export function RevisionBadge({ deployment: d }: { deployment: DeploymentSummary }) {
  const current = d.revision.revision;
  if (d.live === null) {
    return (
      <span className="badge badge-loading" title="This replica is loading it">
        r{current} loading
      </span>
    );
  }
  if (d.live.revision !== current) {
    return (
      <span
        className="badge badge-loading"
        title={`This replica still serves r${d.live.revision} while r${current} loads`}
      >
        r{d.live.revision} → r{current}
      </span>
    );
  }
  return (
    <span className="badge badge-live" title="This replica serves it">
      r{current}
    </span>
  );
}
