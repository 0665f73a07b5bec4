import { failure } from '../../test/fixtures/models';
import { decide, decisionField, decisionSpec, validateDecision } from './decision';

const credit = decisionSpec.parse({
  rules: [{ when: { field: 'default_probability', op: '>', value: 0.3 }, then: 'decline' }],
  otherwise: 'approve',
});

describe('decide', () => {
  it('declines above 0.3 and approves otherwise (the issue example)', () => {
    expect(decide(credit, { default_probability: 0.7109 })).toBe('decline');
    expect(decide(credit, { default_probability: 0.3 })).toBe('approve');
    expect(decide(credit, { default_probability: 0.1722 })).toBe('approve');
    expect(decisionField(credit)).toBe('decision');
  });

  it('takes the first rule that holds, with every operator', () => {
    const spec = decisionSpec.parse({
      rules: [
        { when: { field: 'p', op: '>=', value: 0.9 }, then: 'block' },
        { when: { field: 'p', op: '>', value: 0.5 }, then: 'review' },
        { when: { field: 'label', op: '==', value: 'fraud' }, then: 'review' },
        { when: { field: 'vip', op: '!=', value: false }, then: 'fast-track' },
        { when: { field: 'p', op: '<', value: 0.01 }, then: 'auto' },
        { when: { field: 'p', op: '<=', value: 0.1 }, then: 'light' },
      ],
      otherwise: 'standard',
      field: 'action',
    });
    expect(decisionField(spec)).toBe('action');
    expect(decide(spec, { p: 0.95, label: 'fraud', vip: true })).toBe('block');
    expect(decide(spec, { p: 0.9, label: 'ok', vip: false })).toBe('block');
    expect(decide(spec, { p: 0.6, label: 'ok', vip: false })).toBe('review');
    expect(decide(spec, { p: 0.4, label: 'fraud', vip: false })).toBe('review');
    expect(decide(spec, { p: 0.4, label: 'ok', vip: true })).toBe('fast-track');
    expect(decide(spec, { p: 0.005, label: 'ok', vip: false })).toBe('auto');
    expect(decide(spec, { p: 0.1, label: 'ok', vip: false })).toBe('light');
    expect(decide(spec, { p: 0.4, label: 'ok', vip: false })).toBe('standard');
    // A comparison of numbers never holds for a value that is not one.
    expect(decide(spec, { p: '0.95', label: 'ok', vip: false })).toBe('standard');
  });
});

describe('decisionSpec', () => {
  it('refuses an ordering comparison with a value that is not a number', () => {
    const parsed = decisionSpec.safeParse({
      rules: [{ when: { field: 'p', op: '>', value: '0.3' }, then: 'decline' }],
      otherwise: 'approve',
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({
      path: ['rules', 0, 'when', 'value'],
      message: "'>' compares numbers: expected a number",
    });
    expect(decisionSpec.safeParse({ rules: [], otherwise: 'approve' }).success).toBe(false);
    expect(
      decisionSpec.safeParse({
        rules: [{ when: { field: 'p', op: '=>', value: 1 }, then: 'x' }],
        otherwise: 'y',
      }).success,
    ).toBe(false);
  });
});

describe('validateDecision', () => {
  it('accepts rules on existing fields of the right kind', () => {
    expect(() =>
      validateDecision(credit, [{ field: 'default_probability', kind: 'number' }, 'label']),
    ).not.toThrow();
  });

  it('refuses an unknown field, an array field, a value of another kind, and a taken name', () => {
    const message = (fields: Parameters<typeof validateDecision>[1], spec = credit) => {
      const error = failure(() => validateDecision(spec, fields));
      expect(error.code).toBe('BAD_REQUEST');
      return error.message;
    };
    expect(message(['probability', 'label'])).toBe(
      "decision.rules[0].when.field: the answer has no field 'default_probability' (its fields: probability, label)",
    );
    expect(message([{ field: 'default_probability', kind: 'array' }])).toBe(
      "decision.rules[0].when.field: field 'default_probability' holds a whole output (an array per record): pick one column of it",
    );
    const byLabel = decisionSpec.parse({
      rules: [{ when: { field: 'label', op: '==', value: 1 }, then: 'decline' }],
      otherwise: 'approve',
    });
    expect(message([{ field: 'label', kind: 'string' }], byLabel)).toBe(
      "decision.rules[0].when.value: field 'label' holds a string, but the rule compares it with a number",
    );
    expect(message(['default_probability', 'decision'])).toBe(
      "decision.field: 'decision' is already an answer field: give the decision another name",
    );
    expect(message(['default_probability'], decisionSpec.parse({ ...credit, field: 'id' }))).toBe(
      "decision.field: 'id' is every answer's prediction id: give the decision another name",
    );
  });
});
