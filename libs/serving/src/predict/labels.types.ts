import { AppError } from '@sextant/errors';
import { z } from 'zod';

const label = z.union([z.number().finite(), z.string().max(1000), z.boolean()]);
const deployment = z.string().min(1).max(63);

/** `POST /v1/predictions/{id}/label`: `{ "deployment": "credit-risk", "label": 1 }`. */
export const singleLabelInput = z.object({ deployment, label }).strict();

/** `POST /v1/predictions/labels`: `{ "deployment": …, "labels": [{ "id": …, "label": … }] }`. */
export const labelsInput = z
  .object({
    deployment,
    labels: z
      .array(z.object({ id: z.string().min(1).max(100), label }).strict())
      .min(1)
      .max(10_000),
  })
  .strict();

/** A route body through its schema: a 400 naming each bad field (`labels.0.id: Required`). */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((i) => ({
    path: i.path.map(String).join('.'),
    message: i.message,
  }));
  throw new AppError(
    'BAD_REQUEST',
    fields.map((f) => (f.path ? `${f.path}: ${f.message}` : f.message)).join('; '),
    { fields },
  );
}
