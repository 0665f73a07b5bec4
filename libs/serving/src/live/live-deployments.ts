import { Injectable } from '@nestjs/common';
import { AppError } from '@sextant/errors';
import type { DeploymentSpec } from '../deployments/deployments.types';
import { DeploymentsRepository, type RevisionRow } from '../deployments/deployments.repository';
import type { ModelSession } from '../inference/model-session';
import { decisionField, validateDecision } from '../inference/decision';
import { defaultAnswerFields, validateOutputFields } from '../inference/outputs';
import { recordLayout } from '../inference/records';
import { RegistryRepository } from '../registry/registry.repository';
import { ModelCache } from './model-cache';

/** One side of a deployment as this replica serves it: a loaded version. */
export interface LiveSide {
  readonly version: number;
  readonly sha256: string;
  readonly session: ModelSession;
  /** Column names of a single [N, k] input (registered, else the file's). */
  readonly featureNames: string[] | null;
}

/** A deployment's current revision, loaded: swapped whole, so a request sees one revision. */
export interface LiveDeployment {
  readonly id: string;
  readonly projectId: string;
  readonly project: string;
  readonly name: string;
  readonly model: string;
  readonly public: boolean;
  readonly revision: number;
  /** When the revision was made (a rollout step's start). */
  readonly revisionAt: Date;
  /** The earlier revision this one restores (a rollback), else null. */
  readonly restores: number | null;
  readonly spec: DeploymentSpec;
  readonly champion: LiveSide;
  readonly challenger: LiveSide | null;
}

/** The versions a revision serves, before it is written. */
export interface RevisionTarget {
  championVersion: number;
  championSha256: string;
  challengerVersion: number | null;
  challengerSha256: string | null;
}

/**
 * What this replica serves: every deployment's current revision with its sessions loaded. The
 * database holds the desired state (deployments.current_revision); `reconcile` loads what
 * changed beside what serves and swaps each deployment in one assignment — a request that
 * started on the old revision finishes on it, the next one sees the new — so an alias move or a
 * rollback drops no request. Every replica reconciles on its own (a worker polls; the replica
 * that made a change reconciles at once).
 */
@Injectable()
export class LiveDeployments {
  /** Project slug → name → deployment (two lookups of the request's own strings, no key built). */
  private readonly byName = new Map<string, Map<string, LiveDeployment>>();
  private readonly byId = new Map<string, LiveDeployment>();
  private queue: Promise<void> = Promise.resolve();
  /** Set once a reconcile round has completed: `/v2/health/ready` answers ready. */
  ready = false;
  /** What the last round could not load (the reconciler worker logs them). */
  failures: unknown[] = [];

  constructor(
    private readonly deployments: DeploymentsRepository,
    private readonly registry: RegistryRepository,
    private readonly models: ModelCache,
  ) {}

  get(project: string, name: string): LiveDeployment | undefined {
    return this.byName.get(project)?.get(name);
  }

  getById(id: string): LiveDeployment | undefined {
    return this.byId.get(id);
  }

  all(): LiveDeployment[] {
    return [...this.byId.values()];
  }

  /**
   * Loads a revision's versions and checks that the deployment can serve them: the files load,
   * the records map onto the inputs, the named outputs and the decision fit the signature.
   * Throws a 400 naming the problem; nothing is kept loaded by this call.
   */
  async check(
    project: { id: string },
    model: string,
    spec: DeploymentSpec,
    target: RevisionTarget,
  ): Promise<{ features: string[]; outputs: string[] }> {
    let champion: { features: string[]; outputs: string[] } | null = null;
    const sides: [string, number, string][] = [
      ['champion', target.championVersion, target.championSha256],
    ];
    if (target.challengerVersion !== null && target.challengerSha256 !== null) {
      sides.push(['challenger', target.challengerVersion, target.challengerSha256]);
    }
    for (const [side, version, sha256] of sides) {
      let session: ModelSession;
      try {
        // A user's create or update: always read the file again (no backoff).
        session = await this.models.acquire(sha256, `${model} v${version} (the ${side})`, {
          retry: true,
        });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        throw new AppError('BAD_REQUEST', error.message, {
          fields: [
            {
              path: side === 'champion' ? 'championAlias' : 'challengerAlias',
              message: error.message,
            },
          ],
        });
      }
      try {
        const featureNames = await this.featureNamesOf(project.id, model, version, session);
        checkInputs(session, featureNames, `${model} v${version}`);
        // Without outputFields, every tensor output is a field named after it: one named `id`
        // must be given another name (it would overwrite the prediction id).
        const fields = spec.outputFields
          ? validateOutputFields(spec.outputFields, session.signature)
          : defaultAnswerFields(session.signature);
        if (spec.decision) validateDecision(spec.decision, fields);
        if (side === 'champion') {
          const layout = recordLayout(session.signature, featureNames);
          champion = {
            features:
              layout.kind === 'columns'
                ? [...layout.features]
                : layout.inputs.map((i) => i.feature),
            outputs: [
              ...fields.map((f) => (typeof f === 'string' ? f : f.field)),
              ...(spec.decision ? [decisionField(spec.decision)] : []),
            ],
          };
        }
      } finally {
        this.models.release(sha256);
      }
    }
    return champion!;
  }

  /** Brings this replica's view in line with the database (serialised: one round at a time). */
  reconcile(): Promise<void> {
    const round = this.queue.then(() => this.round());
    this.queue = round.catch(() => undefined);
    return round;
  }

  private async round(): Promise<void> {
    const heads = await this.deployments.heads();
    const seen = new Set<string>();
    const failures: unknown[] = [];
    for (const head of heads) {
      seen.add(head.id);
      const live = this.byId.get(head.id);
      if (live && live.revision === head.currentRevision) continue;
      try {
        await this.load(head.id);
      } catch (error) {
        failures.push(error);
      }
    }
    for (const [id, live] of this.byId) {
      if (!seen.has(id)) this.drop(live);
    }
    this.models.sweep();
    this.ready = true;
    // One deployment that cannot load must not fail the others' changes: it keeps its old
    // revision here (or none) and is tried again next round; the failures are kept for the log.
    this.failures = failures;
  }

  private async load(id: string): Promise<void> {
    const row = await this.deployments.findById(id);
    if (!row) return;
    const revision = await this.deployments.revision(id, row.currentRevision);
    const project = await this.deployments.projectSlug(row.projectId);
    if (!revision || !project) return;
    const champion = await this.side(
      row.projectId,
      row.model,
      revision.championVersion,
      revision.championSha256,
    );
    let challenger: LiveSide | null = null;
    try {
      challenger = revisionChallenger(revision)
        ? await this.side(
            row.projectId,
            row.model,
            revision.challengerVersion!,
            revision.challengerSha256!,
          )
        : null;
    } catch (error) {
      this.models.release(champion.sha256);
      throw error;
    }
    const next: LiveDeployment = {
      id: row.id,
      projectId: row.projectId,
      project,
      name: row.name,
      model: row.model,
      public: row.public,
      revision: revision.revision,
      revisionAt: revision.createdAt,
      restores: revision.rolledBackFrom,
      spec: revision.spec as DeploymentSpec,
      champion,
      challenger,
    };
    const previous = this.byId.get(id);
    // The swap: one assignment per map; in-flight requests keep the object they read.
    this.byId.set(id, next);
    if (previous && previous.name !== next.name) this.forgetKey(previous);
    let names = this.byName.get(project);
    if (!names) {
      names = new Map();
      this.byName.set(project, names);
    }
    names.set(row.name, next);
    if (previous) this.releaseSides(previous);
  }

  /** Removes the name's entry only if it is this deployment's (a re-created one may hold it). */
  private forgetKey(live: LiveDeployment): void {
    const names = this.byName.get(live.project);
    if (names?.get(live.name) === live) names.delete(live.name);
  }

  private drop(live: LiveDeployment): void {
    this.byId.delete(live.id);
    this.forgetKey(live);
    this.releaseSides(live);
  }

  private releaseSides(live: LiveDeployment): void {
    this.models.release(live.champion.sha256);
    if (live.challenger) this.models.release(live.challenger.sha256);
  }

  private async side(
    projectId: string,
    model: string,
    version: number,
    sha256: string,
  ): Promise<LiveSide> {
    const session = await this.models.acquire(sha256);
    try {
      return {
        version,
        sha256,
        session,
        featureNames: await this.featureNamesOf(projectId, model, version, session),
      };
    } catch (error) {
      this.models.release(sha256);
      throw error;
    }
  }

  private async featureNamesOf(
    projectId: string,
    model: string,
    version: number,
    session: ModelSession,
  ) {
    const registered = await this.registry.featureNames(projectId, model, version);
    return registered ?? session.signature.featureNames ?? null;
  }

  async close(): Promise<void> {
    await this.queue;
    for (const live of [...this.byId.values()]) this.drop(live);
    await this.models.close();
  }
}

function revisionChallenger(r: RevisionRow): boolean {
  return r.challengerVersion !== null && r.challengerSha256 !== null;
}

/** Records map onto a single [N, k] input by its feature names, or onto named inputs. */
function checkInputs(session: ModelSession, featureNames: string[] | null, what: string): void {
  const inputs = session.signature.inputs;
  const single = inputs.length === 1 ? inputs[0]! : null;
  const k = single?.shape && single.shape.length === 2 ? single.shape[1] : null;
  if (single && single.shape?.length === 2 && (k === null || typeof k !== 'number' || k > 1)) {
    if (!featureNames) {
      throw new AppError(
        'BAD_REQUEST',
        `${what} takes one [N, ${String(k ?? 'k')}] input "${single.name}" whose columns have no names: register the version with featureNames (or a feature_names metadata entry) to serve records`,
        { fields: [{ path: 'model', message: 'input columns have no feature names' }] },
      );
    }
    if (typeof k === 'number' && featureNames.length !== k) {
      throw new AppError(
        'BAD_REQUEST',
        `${what}: ${featureNames.length} feature names for an input of ${k} columns`,
        { fields: [{ path: 'model', message: 'feature names do not fit the input' }] },
      );
    }
  }
}
