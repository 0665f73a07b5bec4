import type { z } from 'zod';

/**
 * Parses an environment once, at start-up, into a frozen typed config. Every app calls this from
 * its own `src/env.ts`; nothing else reads `process.env`.
 */
export function defineEnv<S extends z.ZodType>(
  schema: S,
  source: Record<string, string | undefined>,
): Readonly<z.output<S>> {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new EnvError(`Invalid environment:\n${lines.join('\n')}`);
  }
  return Object.freeze(parsed.data);
}

export class EnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnvError';
  }
}
