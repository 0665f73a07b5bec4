import { CREDIT_FEATURES, creditDefaultProbability, creditModel } from '../../test/fixtures/models';
import { decide, decisionField, decisionSpec, validateDecision } from './decision';
import { ModelSession } from './model-session';
import {
  outputFieldsSpec,
  outputNamesOf,
  recordsFromOutputs,
  validateOutputFields,
} from './outputs';
import { recordsToFeeds } from './records';

// The seed scenario of issue 8: a credit-risk logistic regression written by @sextant/onnx,
// answering `default_probability` (column 1 of `probabilities`, 4 places) and a decision.
const outputs = outputFieldsSpec.parse([
  { field: 'default_probability', output: 'probabilities', column: 1, round: 4 },
]);
const decision = decisionSpec.parse({
  rules: [{ when: { field: 'default_probability', op: '>', value: 0.3 }, then: 'decline' }],
  otherwise: 'approve',
});

let session: ModelSession;
beforeAll(async () => {
  session = await ModelSession.load(creditModel(), { label: 'model credit-risk v1' });
});
afterAll(() => session.release());

/** What `:predict` answers: the records mapped, run, named and decided. */
async function predict(body: unknown): Promise<Record<string, unknown>[]> {
  const { feeds, count } = recordsToFeeds(body, session.signature, null);
  const results = await session.run(feeds, outputNamesOf(outputs));
  return recordsFromOutputs(outputs, results, count).map((record) => ({
    ...record,
    [decisionField(decision)]: decide(decision, record),
  }));
}

describe('records → feeds → session → outputs → decision', () => {
  it('checks the deployment against the model', () => {
    expect(session.signature.featureNames).toEqual(CREDIT_FEATURES);
    const fields = validateOutputFields(outputs, session.signature);
    expect(fields).toEqual([{ ...outputs[0], kind: 'number' }]);
    expect(() => validateDecision(decision, fields)).not.toThrow();
  });

  it("answers the issue's applicant: default_probability to 4 places, and the decision", async () => {
    const applicant = { income: 52000, debt: 18000, age: 37, history_score: 0.62 };
    const [answer] = await predict(applicant);
    const p = creditDefaultProbability([52000, 18000, 37, 0.62]); // sigmoid(-1.57) ≈ 0.1722
    expect(answer?.['default_probability']).toBeCloseTo(p, 4);
    expect(String(answer?.['default_probability'])).toMatch(/^0\.\d{1,4}$/);
    expect(answer?.['decision']).toBe('approve');
    expect(Object.keys(answer ?? {})).toEqual(['default_probability', 'decision']);
  });

  it('answers a batch, one object per record, declining above 0.3', async () => {
    const applicants = [
      { income: 52000, debt: 18000, age: 37, history_score: 0.62 },
      { income: 30000, debt: 25000, age: 25, history_score: 0.2 },
      { income: 90000, debt: 5000, age: 50, history_score: 0.9 },
    ];
    const answers = await predict({ instances: applicants });
    expect(answers).toHaveLength(3);
    applicants.forEach((a, i) => {
      const p = creditDefaultProbability([a.income, a.debt, a.age, a.history_score]);
      expect(answers[i]?.['default_probability']).toBeCloseTo(p, 4);
      expect(answers[i]?.['decision']).toBe(p > 0.3 ? 'decline' : 'approve');
    });
    expect(answers.map((a) => a['decision'])).toEqual(['approve', 'decline', 'approve']);
  });
});
