import { describe, expect, it } from '@jest/globals';
import {
  type Lineage,
  layoutLineage,
  lineageHref,
  lineageRunId,
  relationLabel,
} from './lineage-layout';

const RUN = '6f1c2a4e-3b5d-4c7e-9f80-1a2b3c4d5e6f';
const SHA = 'a'.repeat(64);
const COMMIT = '3f2c9e1b7d04a5e6c8f9a1b2c3d4e5f6a7b8c9d0';

/** The graph `tracking.models.lineage` returns for a version (edges: thing → what it came from). */
const lineage: Lineage = {
  nodes: [
    {
      id: 'model-version:v',
      kind: 'model-version',
      label: 'iris-rf v2',
      data: { model: 'iris-rf', version: 2 },
    },
    {
      id: `artifact:${SHA}`,
      kind: 'artifact',
      label: 'model/rf.onnx',
      data: { path: 'model/rf.onnx', sha256: SHA },
    },
    { id: `run:${RUN}`, kind: 'run', label: 'sweep-07', data: { runId: RUN } },
    { id: 'experiment:e', kind: 'experiment', label: 'iris sweep', data: { experimentId: 'e' } },
    { id: 'dataset-version:d1', kind: 'dataset-version', label: 'iris-train v1', data: {} },
    { id: 'dataset-version:d2', kind: 'dataset-version', label: 'iris-test v1', data: {} },
    { id: `code-commit:${COMMIT}`, kind: 'code-commit', label: COMMIT.slice(0, 12), data: {} },
  ],
  edges: [
    { from: 'model-version:v', to: `artifact:${SHA}`, relation: 'stored-as' },
    { from: 'model-version:v', to: `run:${RUN}`, relation: 'produced-by' },
    { from: `run:${RUN}`, to: 'experiment:e', relation: 'in-experiment' },
    { from: `run:${RUN}`, to: 'dataset-version:d1', relation: 'trained-on:training' },
    { from: `run:${RUN}`, to: 'dataset-version:d2', relation: 'trained-on:test' },
    { from: `run:${RUN}`, to: `code-commit:${COMMIT}`, relation: 'built-from' },
  ],
};

const centreX = (layout: ReturnType<typeof layoutLineage>, kind: string) =>
  layout.nodes.filter((n) => n.kind === kind).map((n) => n.x + n.width / 2);

describe('layoutLineage', () => {
  it('lays out left to right: commit and datasets, then the run, the artifact, the version', () => {
    const layout = layoutLineage(lineage);
    expect(layout.nodes).toHaveLength(7);
    const [run] = centreX(layout, 'run');
    const [artifact] = centreX(layout, 'artifact');
    const [version] = centreX(layout, 'model-version');
    for (const x of [...centreX(layout, 'dataset-version'), ...centreX(layout, 'code-commit')]) {
      expect(x).toBeLessThan(run!);
    }
    expect(run!).toBeLessThan(artifact!);
    expect(artifact!).toBeLessThan(version!);
  });

  it('draws every edge from the source to what was made from it, with its relation', () => {
    const layout = layoutLineage(lineage);
    expect(layout.edges.map((e) => [e.source, e.target, e.relation])).toEqual([
      [`artifact:${SHA}`, 'model-version:v', 'stored-as'],
      [`run:${RUN}`, 'model-version:v', 'produced-by'],
      ['experiment:e', `run:${RUN}`, 'in-experiment'],
      ['dataset-version:d1', `run:${RUN}`, 'trained-on:training'],
      ['dataset-version:d2', `run:${RUN}`, 'trained-on:test'],
      [`code-commit:${COMMIT}`, `run:${RUN}`, 'built-from'],
    ]);
    expect(new Set(layout.edges.map((e) => e.id)).size).toBe(6);
  });

  it('places nodes without overlaps, inside the reported size', () => {
    const layout = layoutLineage(lineage);
    for (const a of layout.nodes) {
      expect(a.x).toBeGreaterThanOrEqual(0);
      expect(a.y).toBeGreaterThanOrEqual(0);
      expect(a.x + a.width).toBeLessThanOrEqual(layout.width);
      expect(a.y + a.height).toBeLessThanOrEqual(layout.height);
      for (const b of layout.nodes) {
        if (a === b) continue;
        const apart =
          a.x + a.width <= b.x ||
          b.x + b.width <= a.x ||
          a.y + a.height <= b.y ||
          b.y + b.height <= a.y;
        expect(apart).toBe(true);
      }
    }
  });

  it('drops edges to nodes that are not in the graph, and is deterministic', () => {
    const broken: Lineage = {
      nodes: lineage.nodes,
      edges: [
        ...lineage.edges,
        { from: `run:${RUN}`, to: 'dataset-version:gone', relation: 'trained-on:x' },
      ],
    };
    expect(layoutLineage(broken).edges).toHaveLength(6);
    expect(layoutLineage(lineage)).toEqual(layoutLineage(lineage));
  });

  it('lays out a version without datasets or commit (the run logged neither)', () => {
    const small: Lineage = {
      nodes: lineage.nodes.filter((n) => ['model-version', 'artifact', 'run'].includes(n.kind)),
      edges: lineage.edges.slice(0, 2),
    };
    const layout = layoutLineage(small);
    expect(centreX(layout, 'run')[0]!).toBeLessThan(centreX(layout, 'artifact')[0]!);
    expect(centreX(layout, 'artifact')[0]!).toBeLessThan(centreX(layout, 'model-version')[0]!);
  });
});

describe('lineage links', () => {
  const node = (id: string) => lineage.nodes.find((n) => n.id === id)!;

  it('links a run, the experiment, the version and the artifact to their pages', () => {
    const runId = lineageRunId(lineage);
    expect(runId).toBe(RUN);
    expect(lineageHref(node(`run:${RUN}`), 'fraud', runId)).toBe(`/runs/${RUN}?project=fraud`);
    expect(lineageHref(node('experiment:e'), 'fraud', runId)).toBe(
      '/runs?project=fraud&experiment=iris+sweep',
    );
    expect(lineageHref(node('model-version:v'), 'fraud', runId)).toBe(
      '/models/iris-rf/versions/2?project=fraud',
    );
    expect(lineageHref(node(`artifact:${SHA}`), 'fraud', runId)).toBe(
      `/api/v1/runs/${RUN}/artifacts/model/rf.onnx?download`,
    );
  });

  it('has no link for datasets and commits, nor for an artifact without its run', () => {
    expect(lineageHref(node('dataset-version:d1'), 'fraud', RUN)).toBeNull();
    expect(lineageHref(node(`code-commit:${COMMIT}`), 'fraud', RUN)).toBeNull();
    expect(lineageHref(node(`artifact:${SHA}`), 'fraud', null)).toBeNull();
  });

  it('names relations in the direction they are drawn', () => {
    expect(relationLabel('trained-on:training')).toBe('training');
    expect(relationLabel('produced-by')).toBe('produced');
    expect(relationLabel('something-new')).toBe('something-new');
  });
});
