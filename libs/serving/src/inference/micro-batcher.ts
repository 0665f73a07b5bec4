import { Tensor } from 'onnxruntime-node';

type Feeds = Record<string, Tensor>;
type Results = Record<string, Tensor>;

/** The model call a batcher wraps: one run on feeds with any number of rows. */
export type RunFn = (feeds: Feeds, outputNames: readonly string[]) => Promise<Results>;

interface Pending {
  readonly feeds: Feeds;
  readonly rows: number;
  readonly outputNames: readonly string[];
  readonly resolve: (results: Results) => void;
  readonly reject: (error: unknown) => void;
}

/** The most rows one merged run carries by default. */
export const DEFAULT_MAX_BATCH = 64;

type Data = Tensor['data'];

/** How many rows a request carries: the first dimension of its inputs (all must agree). */
function rowsOf(feeds: Feeds): number | null {
  let rows: number | null = null;
  for (const name in feeds) {
    const dims = feeds[name]!.dims;
    const n = dims[0];
    if (dims.length === 0 || n === undefined || (rows !== null && n !== rows)) return null;
    rows = n;
  }
  return rows;
}

function sameTail(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 1; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Joins tensors of one input along their first dimension. */
function concat(tensors: readonly Tensor[], rows: number): Tensor {
  const first = tensors[0]!;
  const dims = [rows, ...first.dims.slice(1)];
  if (first.type === 'string') {
    const data: string[] = [];
    for (const t of tensors) for (const v of t.data as string[]) data.push(v);
    return new Tensor('string', data, dims);
  }
  const Ctor = (first.data as Exclude<Data, string[]>).constructor as new (
    n: number,
  ) => Exclude<Data, string[]>;
  let size = 0;
  for (const t of tensors) size += (t.data as ArrayLike<unknown>).length;
  const data = new Ctor(size) as { set(src: ArrayLike<unknown>, at: number): void };
  let at = 0;
  for (const t of tensors) {
    const src = t.data as ArrayLike<unknown>;
    data.set(src, at);
    at += src.length;
  }
  return new Tensor(first.type as 'float32', data as unknown as Float32Array, dims);
}

/** Rows [from, from + rows) of a tensor whose first dimension is the merged batch. */
function sliceRows(tensor: Tensor, from: number, rows: number, total: number): Tensor {
  const rowSize = (tensor.data as ArrayLike<unknown>).length / total;
  const dims = [rows, ...tensor.dims.slice(1)];
  const start = from * rowSize;
  const end = start + rows * rowSize;
  const data =
    tensor.type === 'string'
      ? (tensor.data as string[]).slice(start, end)
      : (tensor.data as Exclude<Data, string[]>).subarray(start, end);
  return new Tensor(tensor.type as 'float32', data as Float32Array, dims);
}

/**
 * Adaptive micro-batching of concurrent requests to one model: a request's feeds wait until the
 * event loop has taken every request that arrived with it (the turn ends: `setImmediate`) or
 * until `maxBatch` rows wait, then run as one merged run (inputs joined along their first
 * dimension) and each request gets its own rows of the outputs. An idle model adds no delay
 * beyond the turn a plain run also waits (onnxruntime-node runs on the next `setImmediate`); under
 * load the window grows with the number of requests that come in together. Requests that cannot
 * be merged (other outputs asked, other trailing shapes or types, outputs not one row per input
 * row) run on their own; when a merged run fails, each of its requests runs on its own, so a
 * request fails only for its own reason.
 */
export class MicroBatcher {
  private queue: Pending[] = [];
  private queuedRows = 0;
  private scheduled = false;
  /** Merged runs and the requests they carried (for the benchmark's and the tests' eyes). */
  readonly stats = { runs: 0, merged: 0, requests: 0 };

  constructor(
    private readonly runModel: RunFn,
    private readonly maxBatch = DEFAULT_MAX_BATCH,
    /** Called with the number of requests of every merged run. */
    private readonly onMerged?: (requests: number) => void,
  ) {}

  run(feeds: Feeds, outputNames: readonly string[]): Promise<Results> {
    const rows = rowsOf(feeds);
    if (rows === null || rows >= this.maxBatch) return this.runModel(feeds, outputNames);
    return new Promise<Results>((resolve, reject) => {
      this.queue.push({ feeds, rows, outputNames, resolve, reject });
      this.queuedRows += rows;
      if (this.queuedRows >= this.maxBatch) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.flush();
        });
      }
    });
  }

  private flush(): void {
    const queue = this.queue;
    if (queue.length === 0) return;
    this.queue = [];
    this.queuedRows = 0;
    this.stats.requests += queue.length;
    // Requests that ask the same outputs with the same input names, types and trailing shapes.
    const groups: Pending[][] = [];
    for (const p of queue) {
      const group = groups.find((g) => compatible(g[0]!, p));
      if (group) group.push(p);
      else groups.push([p]);
    }
    // Whatever goes wrong in merging or splitting (not the model's own failure, handled inside)
    // must not leave a request unanswered: its requests then run alone (answering twice is a
    // no-op for a settled promise).
    for (const group of groups)
      this.runGroup(group).catch(() => {
        for (const p of group) void this.runAlone(p);
      });
  }

  private async runGroup(group: Pending[]): Promise<void> {
    if (group.length === 1) return this.runAlone(group[0]!);
    const first = group[0]!;
    let total = 0;
    for (const p of group) total += p.rows;
    const feeds: Feeds = {};
    for (const name in first.feeds) {
      feeds[name] = concat(
        group.map((p) => p.feeds[name]!),
        total,
      );
    }
    let results: Results;
    try {
      this.stats.runs++;
      this.stats.merged += group.length;
      this.onMerged?.(group.length);
      results = await this.runModel(feeds, first.outputNames);
    } catch {
      // One bad request must not fail the others: each runs alone, with its own error.
      for (const p of group) void this.runAlone(p);
      return;
    }
    for (const name in results) {
      const dims = results[name]!.dims;
      if (dims.length === 0 || dims[0] !== total) {
        // An output that is not one row per input row cannot be split: run each alone.
        for (const p of group) void this.runAlone(p);
        return;
      }
    }
    let from = 0;
    for (const p of group) {
      const own: Results = {};
      for (const name in results) own[name] = sliceRows(results[name]!, from, p.rows, total);
      from += p.rows;
      p.resolve(own);
    }
  }

  private async runAlone(p: Pending): Promise<void> {
    try {
      p.resolve(await this.runModel(p.feeds, p.outputNames));
    } catch (error) {
      p.reject(error);
    }
  }
}

function compatible(a: Pending, b: Pending): boolean {
  if (a.outputNames.length !== b.outputNames.length) return false;
  for (let i = 0; i < a.outputNames.length; i++)
    if (a.outputNames[i] !== b.outputNames[i]) return false;
  let inputs = 0;
  for (const name in a.feeds) {
    const x = a.feeds[name]!;
    const y = b.feeds[name];
    if (!y || x.type !== y.type || !sameTail(x.dims, y.dims)) return false;
    inputs++;
  }
  let others = 0;
  for (const _ in b.feeds) others++;
  return inputs === others;
}
