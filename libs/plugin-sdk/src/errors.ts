/** One problem with an input, addressed by path (the shape of AppError's `fields`). */
export interface FieldProblem {
  /** The dotted path of the field (`''` for the input itself). */
  path: string;
  /** What is wrong with it. */
  message: string;
}

/**
 * Thrown when a drift test is given params its schema rejects. The host maps it to a
 * `BAD_REQUEST` AppError; the SDK stays free of host packages so that plugins can depend on it alone.
 */
export class InvalidParamsError extends Error {
  /** Always `'InvalidParamsError'`. */
  override readonly name = 'InvalidParamsError';
  constructor(
    /** The drift test whose params were rejected. */
    readonly testName: string,
    /** One problem per bad field. */
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
  /** Always `'PluginDefinitionError'`. */
  override readonly name = 'PluginDefinitionError';
  constructor(
    message: string,
    /** The offending fields of the definition (may be empty). */
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
  }
}
