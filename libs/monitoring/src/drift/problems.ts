import { AppError, type FieldError, describeFields } from '@sextant/errors';
import type { z } from 'zod';

/**
 * Problems with a drift request, gathered so that one BAD_REQUEST names every bad field at once
 * (an unknown test, bad params and a missing column are reported together).
 */
export class Problems {
  private readonly list: FieldError[] = [];

  add(path: string, message: string): void {
    this.list.push({ path, message });
  }

  addZodIssues(issues: z.ZodError['issues'], prefix: readonly string[] = []): void {
    for (const issue of issues)
      this.add([...prefix, ...issue.path.map(String)].join('.'), issue.message);
  }

  get empty(): boolean {
    return this.list.length === 0;
  }

  /** Throws one BAD_REQUEST naming every problem, if there is any. */
  throwIfAny(): void {
    if (this.list.length === 0) return;
    throw new AppError('BAD_REQUEST', `Invalid drift request: ${describeFields(this.list)}`, {
      fields: [...this.list],
    });
  }
}

/** Parses `value` with `schema`, or throws a BAD_REQUEST naming the fields zod rejects. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = new Problems();
  problems.addZodIssues(parsed.error.issues);
  problems.throwIfAny();
  throw parsed.error; // unreachable: a failed parse has at least one issue
}
