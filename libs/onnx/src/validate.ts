import { AppError } from '@sextant/errors';
import { InferenceSession, type Tensor } from 'onnxruntime-node';

import { DATA_LOCATION_EXTERNAL } from './proto';
import { type ModelSignature, parseModel, signatureOf } from './signature';

/** The message for a model whose tensors live in other files. */
export const EXTERNAL_DATA_MESSAGE =
  'external data is not supported: the model must be one self-contained file';

function refuse(message: string, details?: Record<string, unknown>, cause?: unknown): AppError {
  return new AppError('BAD_REQUEST', message, {
    fields: [{ path: 'artifact', message }],
    ...(details ? { details } : {}),
    ...(cause === undefined ? {} : { cause }),
  });
}

interface ExternalTensor {
  readonly tensor: string;
  readonly location: string | null;
}

/**
 * Finds a tensor anywhere in the decoded model (initializers, sparse initializers, attribute
 * tensors, subgraphs, functions, training graphs) whose data is external. Only TensorProto has
 * `dataLocation` / `externalData`.
 */
function findExternalTensor(value: unknown): ExternalTensor | null {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return null;
  if (Array.isArray(value)) {
    if (value.length === 0 || typeof value[0] !== 'object') return null;
    for (const item of value) {
      const found = findExternalTensor(item);
      if (found) return found;
    }
    return null;
  }
  const record = value as Record<string, unknown>;
  const external = record['externalData'];
  if (
    record['dataLocation'] === DATA_LOCATION_EXTERNAL ||
    (Array.isArray(external) && external.length > 0)
  ) {
    const entries = (Array.isArray(external) ? external : []) as { key?: string; value?: string }[];
    const location = entries.find((e) => e.key === 'location')?.value ?? null;
    return { tensor: typeof record['name'] === 'string' ? record['name'] : '', location };
  }
  for (const child of Object.values(record)) {
    const found = findExternalTensor(child);
    if (found) return found;
  }
  return null;
}

/** A plain Uint8Array view, as onnxruntime expects (a Node Buffer can fail its instanceof check). */
function plainBytes(bytes: Uint8Array): Uint8Array {
  return bytes.constructor === Uint8Array
    ? bytes
    : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Checks that bytes are one self-contained ONNX model that onnxruntime-node loads, and returns its
 * signature. Throws BAD_REQUEST (field `artifact`) when the bytes are empty or do not parse as a
 * ModelProto, a tensor's data is external, or onnxruntime refuses the model (its message included).
 */
export async function validateModel(bytes: Uint8Array): Promise<ModelSignature> {
  const decoded = parseModel(bytes);
  const external = findExternalTensor(decoded);
  if (external) {
    const where = external.location === null ? '' : ` at '${external.location}'`;
    throw refuse(`${EXTERNAL_DATA_MESSAGE} (tensor '${external.tensor}' has its data${where})`, {
      tensor: external.tensor,
      location: external.location,
    });
  }
  let session: InferenceSession;
  try {
    session = await InferenceSession.create(plainBytes(bytes));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw refuse(`onnxruntime cannot load the model: ${reason}`, undefined, error);
  }
  await session.release();
  return signatureOf(decoded);
}

/**
 * Runs a model once on the given feeds (input name → onnxruntime Tensor) and returns every
 * output; the session is created for the call and released after it.
 */
export async function runModel(
  bytes: Uint8Array,
  feeds: Record<string, Tensor>,
): Promise<Record<string, Tensor>> {
  const session = await InferenceSession.create(plainBytes(bytes));
  try {
    return (await session.run(feeds)) as Record<string, Tensor>;
  } finally {
    await session.release();
  }
}
