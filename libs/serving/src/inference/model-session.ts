import { AppError } from '@sextant/errors';
import { type ModelSignature, readSignature } from '@sextant/onnx';
import { InferenceSession, type Tensor } from 'onnxruntime-node';

import { MicroBatcher } from './micro-batcher';
import { isTensorSpec } from './tensors';

export interface ModelSessionOptions {
  /** Threads onnxruntime uses inside one operator; default 1. */
  readonly intraOpNumThreads?: number;
  /** Threads onnxruntime uses across operators; default 1. */
  readonly interOpNumThreads?: number;
  /** Names the model in messages, e.g. `model credit-risk v3`; default `the model`. */
  readonly label?: string;
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function threads(name: string, value: number | undefined): number {
  if (value === undefined) return 1;
  if (!Number.isInteger(value) || value < 1 || value > 256) {
    throw new AppError('BAD_REQUEST', `${name}: expected an integer from 1 to 256, got ${value}`, {
      fields: [{ path: name, message: `expected an integer from 1 to 256, got ${value}` }],
    });
  }
  return value;
}

/** A plain Uint8Array view, as onnxruntime expects (a Node Buffer can fail its instanceof check). */
function plainBytes(bytes: Uint8Array): Uint8Array {
  return bytes.constructor === Uint8Array
    ? bytes
    : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * One loaded model: an onnxruntime-node session on the CPU and the model's signature. Runs may
 * overlap; `release()` refuses new runs, waits for the running ones, then frees the session, so a
 * version can be swapped out under load without failing a request already inside it.
 */
export class ModelSession {
  /** The outputs a run returns by default: every tensor output (onnxruntime-node returns no
   * sequences or maps, so a ZipMap's output is left out). */
  readonly tensorOutputNames: readonly string[];
  private readonly outputKinds: ReadonlyMap<string, string>;
  private running = 0;
  private releasing: Promise<void> | null = null;
  private drained: (() => void) | null = null;
  private batcher: MicroBatcher | null = null;
  /** Output-name lists already checked against the model. */
  private readonly checkedNames = new WeakSet<readonly string[]>();
  /** Whether runs may be merged (micro-batching): no input has a fixed first dimension. */
  readonly batchable: boolean;

  private constructor(
    readonly signature: ModelSignature,
    private readonly session: InferenceSession,
    readonly label: string,
  ) {
    this.tensorOutputNames = Object.freeze(
      signature.outputs.filter(isTensorSpec).map((o) => o.name),
    );
    // Runs merge along the first dimension: only when every input leaves it free.
    this.batchable =
      signature.inputs.length > 0 &&
      signature.inputs.every((i) => !!i.shape?.length && typeof i.shape[0] !== 'number');
    this.outputKinds = new Map(signature.outputs.map((o) => [o.name, o.elementType]));
  }

  /**
   * Loads a model. Throws BAD_REQUEST `<label> does not load: <reason>` (field `artifact`) when
   * the bytes are not an ONNX model or onnxruntime refuses them, and for bad thread counts.
   */
  static async load(bytes: Uint8Array, options: ModelSessionOptions = {}): Promise<ModelSession> {
    const label = options.label ?? 'the model';
    const intraOpNumThreads = threads('intraOpNumThreads', options.intraOpNumThreads);
    const interOpNumThreads = threads('interOpNumThreads', options.interOpNumThreads);
    const refuse = (error: unknown): AppError => {
      const message = `${label} does not load: ${reasonOf(error)}`;
      return new AppError('BAD_REQUEST', message, {
        fields: [{ path: 'artifact', message }],
        cause: error,
      });
    };
    let signature: ModelSignature;
    try {
      signature = readSignature(bytes);
    } catch (error) {
      throw refuse(error);
    }
    let session: InferenceSession;
    try {
      session = await InferenceSession.create(plainBytes(bytes), {
        executionProviders: ['cpu'],
        intraOpNumThreads,
        interOpNumThreads,
      });
    } catch (error) {
      throw refuse(error);
    }
    return new ModelSession(signature, session, label);
  }

  /** Whether `release()` was called. */
  get released(): boolean {
    return this.releasing !== null;
  }

  /**
   * Runs the model on `feeds` (input name → tensor) and returns the named outputs, by default
   * every tensor output. Throws BAD_REQUEST for an unknown or non-tensor output name or when
   * onnxruntime refuses the feeds (its reason included), UNAVAILABLE once released. With
   * `batch`, concurrent runs are merged (see MicroBatcher) up to `maxBatch` rows.
   */
  async run(
    feeds: Record<string, Tensor>,
    outputNames?: readonly string[],
    options: {
      readonly batch?:
        { readonly maxBatch: number; readonly onMerged?: (requests: number) => void } | undefined;
    } = {},
  ): Promise<Record<string, Tensor>> {
    if (this.releasing) throw new AppError('UNAVAILABLE', `${this.label} has been unloaded`);
    const names = outputNames ?? this.tensorOutputNames;
    if (!this.checkedNames.has(names)) this.checkOutputNames(names);
    // Counted from here: a queued (micro-batched) run holds the session as a running one does.
    this.running++;
    try {
      if (options.batch && this.batchable) {
        this.batcher ??= new MicroBatcher(
          (f, n) => this.runOnce(f, n),
          options.batch.maxBatch,
          options.batch.onMerged,
        );
        return await this.batcher.run(feeds, names);
      }
      return await this.runOnce(feeds, names);
    } finally {
      this.running--;
      if (this.running === 0 && this.drained) this.drained();
    }
  }

  /** Throws for an output name the model lacks or cannot return; a good list is remembered. */
  private checkOutputNames(names: readonly string[]): void {
    for (const name of names) {
      const kind = this.outputKinds.get(name);
      if (kind === undefined) {
        throw new AppError('BAD_REQUEST', `${this.label} has no output '${name}'`, {
          fields: [{ path: 'outputs', message: `no output '${name}'` }],
        });
      }
      if (!this.tensorOutputNames.includes(name)) {
        throw new AppError(
          'BAD_REQUEST',
          `output '${name}' of ${this.label} is a ${kind}, which onnxruntime-node cannot return`,
          { fields: [{ path: 'outputs', message: `output '${name}' is a ${kind}` }] },
        );
      }
    }
    // Only lists that cannot change (a spec's, the model's own): others are checked every time.
    if (Object.isFrozen(names)) this.checkedNames.add(names);
  }

  /** Merged runs so far (micro-batching), or null when no run was batched. */
  get batchStats(): MicroBatcher['stats'] | null {
    return this.batcher?.stats ?? null;
  }

  private async runOnce(
    feeds: Record<string, Tensor>,
    names: readonly string[],
  ): Promise<Record<string, Tensor>> {
    try {
      return (await this.session.run(feeds, names)) as Record<string, Tensor>;
    } catch (error) {
      throw new AppError('BAD_REQUEST', `${this.label} could not run: ${reasonOf(error)}`, {
        cause: error,
      });
    }
  }

  /** Refuses new runs, waits for the running ones, and frees the session; safe to call twice. */
  release(): Promise<void> {
    this.releasing ??= (async () => {
      if (this.running > 0) {
        await new Promise<void>((resolve) => {
          this.drained = resolve;
        });
      }
      await this.session.release();
    })();
    return this.releasing;
  }
}
