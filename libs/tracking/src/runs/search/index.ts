/** The runs search language: filter and order-by parsing, and their compilation to SQL. */
export { parseFilter } from './filter-parser';
export type {
  ComparisonOp,
  FilterComparison,
  FilterJunction,
  FilterNode,
  FilterValue,
} from './filter-parser';
export { compileFilter } from './filter-sql';
export { compileOrderBy, parseOrderBy } from './order-by';
export type { OrderTerm } from './order-by';
export { DATASET_ROLES, RUN_STATUSES, SEARCH_LIMITS } from './fields';
export type { Entity } from './fields';
