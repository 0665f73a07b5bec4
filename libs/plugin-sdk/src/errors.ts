/** One problem with an input, addressed by path (the shape of AppError's `fields`). */
export interface FieldProblem {
  path: string;
  message: string;
}

/**
 * Thrown when a drift test is given params its schema rejects. The host maps it to a
 * `BAD_REQUEST` AppError; the SDK stays free of host packages so that plugins can depend on it alone.
 */
export class InvalidParamsError extends Error {
  override readonly name = 'InvalidParamsError';
  constructor(
    readonly testName: string,
    readonly fields: FieldProblem[],
  ) {
    super(
      `Invalid params for drift test '${testName}': ` +
        fields.map((f) => `${f.path || '(root)'}: ${f.message}`).join('; '),
    );
  }
}

/** Thrown by `defineDriftTest` / `definePlugin` when a definition breaks the SDK's contract. */
export class PluginDefinitionError extends Error {
  override readonly name = 'PluginDefinitionError';
  constructor(
    message: string,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
  }
}
