export {
  DECISION_OPS,
  DEFAULT_DECISION_FIELD,
  decide,
  decisionField,
  decisionRule,
  decisionSpec,
  validateDecision,
} from './decision';
export type { DecisionInput, DecisionOp, DecisionRule, DecisionSpec } from './decision';
export { ModelSession } from './model-session';
export type { ModelSessionOptions } from './model-session';
export {
  OIP_PLATFORM,
  OIP_REQUEST_DATATYPES,
  formatInferResponse,
  inferRequestSchema,
  modelMetadata,
  oipDatatype,
  oipParameters,
  parseInferRequest,
} from './oip';
export type {
  InferRequest,
  InferResponse,
  InferResponseOutput,
  InferResponseParts,
  OipDatatype,
  OipModelMetadata,
  OipParameters,
  OipTensorMetadata,
  ParseInferOptions,
  ParsedInferRequest,
} from './oip';
export {
  defaultOutputFields,
  fieldNamesOf,
  outputFieldSpec,
  outputFieldsSpec,
  outputNamesOf,
  recordsFromOutputs,
  validateOutputFields,
} from './outputs';
export type { FieldKind, OutputFieldSpec, OutputFieldsSpec, ResolvedOutputField } from './outputs';
export { recordLayout, recordsToFeeds } from './records';
export type { RecordFeeds, RecordLayout, RecordsOptions } from './records';
export { float32Number } from './tensors';
export type { SignatureLike, TensorSpec } from './tensors';
