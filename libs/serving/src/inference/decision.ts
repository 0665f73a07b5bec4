/**
 * A deployment's optional decision rule, read from its answer fields: the first rule whose
 * condition holds gives the decision, else `otherwise` — e.g. `default_probability > 0.3 →
 * "decline"`, else `"approve"`.
 */
import { z } from 'zod';

import { type FieldKind } from './outputs';
import { badRequest } from './tensors';

export const DECISION_OPS = ['>', '>=', '<', '<=', '==', '!='] as const;
export type DecisionOp = (typeof DECISION_OPS)[number];
const ORDERING: ReadonlySet<string> = new Set(['>', '>=', '<', '<=']);

/** The answer field the decision is written to when the spec names none. */
export const DEFAULT_DECISION_FIELD = 'decision';

export const decisionRule = z
  .object({
    when: z
      .object({
        field: z.string().min(1),
        op: z.enum(DECISION_OPS),
        value: z.union([z.number(), z.string(), z.boolean()]),
      })
      .strict(),
    then: z.string().min(1).max(256),
  })
  .strict();
export type DecisionRule = z.infer<typeof decisionRule>;

export const decisionSpec = z
  .object({
    rules: z.array(decisionRule).min(1).max(100),
    otherwise: z.string().min(1).max(256),
    /** The answer field holding the decision; default `decision`. */
    field: z.string().trim().min(1).max(128).optional(),
  })
  .strict()
  .superRefine((spec, ctx) => {
    spec.rules.forEach((rule, i) => {
      if (ORDERING.has(rule.when.op) && typeof rule.when.value !== 'number') {
        ctx.addIssue({
          code: 'custom',
          path: ['rules', i, 'when', 'value'],
          message: `'${rule.when.op}' compares numbers: expected a number`,
        });
      }
    });
  });
export type DecisionSpec = z.infer<typeof decisionSpec>;

/** The answer field a spec writes its decision to. */
export function decisionField(spec: DecisionSpec): string {
  return spec.field ?? DEFAULT_DECISION_FIELD;
}

/** An answer field by name, with the kind of value it holds if known (see validateOutputFields). */
export type DecisionInput = string | { readonly field: string; readonly kind?: FieldKind };

/**
 * Checks a decision against the answer's fields: every rule reads an existing field, a field that
 * holds a whole [N, k] output is not compared, a comparison's value is of the field's kind, and the
 * decision's own field does not overwrite one. Throws BAD_REQUEST naming the place
 * (`decision.rules[0].when.field: …`).
 */
export function validateDecision(spec: DecisionSpec, fields: readonly DecisionInput[]): void {
  const kinds = new Map<string, FieldKind>(
    fields.map((f) => (typeof f === 'string' ? [f, 'unknown'] : [f.field, f.kind ?? 'unknown'])),
  );
  const listed = [...kinds.keys()].join(', ');
  spec.rules.forEach((rule, i) => {
    const at = `decision.rules[${i}].when`;
    const { field, op, value } = rule.when;
    if (ORDERING.has(op) && typeof value !== 'number') {
      throw badRequest(`${at}.value`, `'${op}' compares numbers: expected a number`);
    }
    const kind = kinds.get(field);
    if (kind === undefined) {
      throw badRequest(`${at}.field`, `the answer has no field '${field}' (its fields: ${listed})`);
    }
    if (kind === 'array') {
      throw badRequest(
        `${at}.field`,
        `field '${field}' holds a whole output (an array per record): pick one column of it`,
      );
    }
    if (kind !== 'unknown' && kind !== typeof value) {
      throw badRequest(
        `${at}.value`,
        `field '${field}' holds a ${kind}, but the rule compares it with a ${typeof value}`,
      );
    }
  });
  const own = decisionField(spec);
  if (own === 'id') {
    throw badRequest(
      'decision.field',
      `'id' is every answer's prediction id: give the decision another name`,
    );
  }
  if (kinds.has(own)) {
    throw badRequest(
      'decision.field',
      `'${own}' is already an answer field: give the decision another name`,
    );
  }
}

function holds(op: DecisionOp, actual: unknown, expected: number | string | boolean): boolean {
  switch (op) {
    case '==':
      return actual === expected;
    case '!=':
      return actual !== expected;
    default: {
      if (typeof actual !== 'number' || typeof expected !== 'number') return false;
      if (op === '>') return actual > expected;
      if (op === '>=') return actual >= expected;
      if (op === '<') return actual < expected;
      return actual <= expected;
    }
  }
}

/**
 * The decision for one answer record: `then` of the first rule whose condition holds, else
 * `otherwise`. An ordering comparison holds only between numbers (a missing or NaN value matches
 * no `>`/`<` rule); `==`/`!=` compare strictly.
 */
export function decide(spec: DecisionSpec, record: Readonly<Record<string, unknown>>): string {
  for (const rule of spec.rules) {
    if (holds(rule.when.op, record[rule.when.field], rule.when.value)) return rule.then;
  }
  return spec.otherwise;
}
