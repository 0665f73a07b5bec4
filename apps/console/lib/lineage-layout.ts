/**
 * A model version's lineage graph laid out for drawing: dagre ranks it left to right in the
 * direction things flow — code commit and datasets → run → artifact → model version — and the
 * console draws it with React Flow. Pure (no DOM), so that it is unit-tested.
 */
import dagre from '@dagrejs/dagre';
import { artifactUrl } from './artifact-preview';

export type LineageKind =
  'model-version' | 'artifact' | 'run' | 'experiment' | 'dataset-version' | 'code-commit';

/** `tracking.models.lineage`'s graph. Its edges point from a thing to what it came from. */
export interface Lineage {
  readonly nodes: readonly {
    readonly id: string;
    readonly kind: LineageKind;
    readonly label: string;
    readonly data: Readonly<Record<string, unknown>>;
  }[];
  readonly edges: readonly {
    readonly from: string;
    readonly to: string;
    readonly relation: string;
  }[];
}

export interface PlacedNode {
  readonly id: string;
  readonly kind: LineageKind;
  readonly label: string;
  readonly data: Readonly<Record<string, unknown>>;
  /** Top-left corner (React Flow's node position). */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** An edge in flow direction: `source` went into `target` (a dataset into the run). */
export interface FlowEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly relation: string;
}

export interface LineageLayout {
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly FlowEdge[];
  readonly width: number;
  readonly height: number;
}

export const NODE_WIDTH = 210;
export const NODE_HEIGHT = 64;

/** What a relation reads as on the drawn edge (source → target). */
export function relationLabel(relation: string): string {
  if (relation.startsWith('trained-on:')) return relation.slice('trained-on:'.length);
  switch (relation) {
    case 'produced-by':
      return 'produced';
    case 'stored-as':
      return 'stored as';
    case 'built-from':
      return 'code';
    case 'in-experiment':
      return 'experiment';
    default:
      return relation;
  }
}

/**
 * Lays the graph out. Every API edge is drawn reversed (from the source to what was made from
 * it). The run → model-version edge gets a minimum length of two ranks when the version also has
 * an artifact, so the artifact sits in the column between the run and the version. Edges naming
 * a node that is not in the graph are dropped; the layout is deterministic.
 */
export function layoutLineage(
  lineage: Lineage,
  size: { width: number; height: number } = { width: NODE_WIDTH, height: NODE_HEIGHT },
): LineageLayout {
  const ids = new Set(lineage.nodes.map((n) => n.id));
  const kindOf = new Map(lineage.nodes.map((n) => [n.id, n.kind]));
  const edges: FlowEdge[] = lineage.edges
    .filter((e) => ids.has(e.from) && ids.has(e.to) && e.from !== e.to)
    .map((e) => ({
      id: `${e.to}->${e.from}:${e.relation}`,
      source: e.to,
      target: e.from,
      relation: e.relation,
    }));
  const hasArtifact = (versionId: string) =>
    edges.some((e) => e.target === versionId && kindOf.get(e.source) === 'artifact');

  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 28, ranksep: 90, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of lineage.nodes) g.setNode(n.id, { width: size.width, height: size.height });
  for (const e of edges) {
    const longRun =
      kindOf.get(e.source) === 'run' &&
      kindOf.get(e.target) === 'model-version' &&
      hasArtifact(e.target);
    g.setEdge(e.source, e.target, { minlen: longRun ? 2 : 1 }, e.id);
  }
  dagre.layout(g);

  const nodes = lineage.nodes.map((n) => {
    const placed = g.node(n.id) as { x: number; y: number };
    return {
      id: n.id,
      kind: n.kind,
      label: n.label,
      data: n.data,
      x: placed.x - size.width / 2,
      y: placed.y - size.height / 2,
      width: size.width,
      height: size.height,
    };
  });
  const graph = g.graph() as { width?: number; height?: number };
  return { nodes, edges, width: graph.width ?? 0, height: graph.height ?? 0 };
}

/**
 * Where a lineage node leads in the console: a run to its page, the experiment to its runs, the
 * model version to its page, the artifact to its download (through the run that holds it, the
 * lineage's `runId`). Datasets and commits have no page of their own: null.
 */
export function lineageHref(
  node: {
    readonly kind: LineageKind;
    readonly label: string;
    readonly data: Readonly<Record<string, unknown>>;
  },
  project: string,
  runId: string | null,
): string | null {
  const q = (extra: Record<string, string> = {}) =>
    new URLSearchParams({ project, ...extra }).toString();
  const s = (key: string) => {
    const v = node.data[key];
    return typeof v === 'string' && v !== '' ? v : null;
  };
  switch (node.kind) {
    case 'run': {
      const id = s('runId');
      return id ? `/runs/${encodeURIComponent(id)}?${q()}` : null;
    }
    case 'experiment':
      return `/runs?${q({ experiment: node.label })}`;
    case 'model-version': {
      const model = s('model');
      const version = node.data['version'];
      return model && typeof version === 'number'
        ? `/models/${encodeURIComponent(model)}/versions/${version}?${q()}`
        : null;
    }
    case 'artifact': {
      const path = s('path');
      return path && runId ? artifactUrl(runId, path, true) : null;
    }
    default:
      return null;
  }
}

/** The run of a lineage (its `runId`), which holds the version's artifact. */
export function lineageRunId(lineage: Lineage): string | null {
  const run = lineage.nodes.find((n) => n.kind === 'run');
  const id = run?.data['runId'];
  return typeof id === 'string' ? id : null;
}
