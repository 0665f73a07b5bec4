/**
 * What the runs search language can name: its entities (with their aliases), the run attributes
 * and the dataset fields, and the limits on a query. Shared by the filter parser, the SQL
 * compiler and the order-by parser so that they agree on every name.
 */

/** The kinds of thing a filter or order-by term refers to (`metrics.auc` → `metric`). */
export type Entity = 'metric' | 'param' | 'tag' | 'attribute' | 'dataset';

/** Entity prefixes as written by users (case-insensitive), MLflow's spellings included. */
const ENTITY_ALIASES: Readonly<Record<string, Entity>> = {
  metrics: 'metric',
  metric: 'metric',
  params: 'param',
  param: 'param',
  parameters: 'param',
  parameter: 'param',
  tags: 'tag',
  tag: 'tag',
  attributes: 'attribute',
  attribute: 'attribute',
  attr: 'attribute',
  run: 'attribute',
  datasets: 'dataset',
  dataset: 'dataset',
};

/** The canonical spelling of each entity, used in messages (`metrics.auc`). */
export const ENTITY_PREFIX: Readonly<Record<Entity, string>> = {
  metric: 'metrics',
  param: 'params',
  tag: 'tags',
  attribute: 'attributes',
  dataset: 'datasets',
};

/** The entity an alias names, or undefined when it names none. */
export function entityOf(alias: string): Entity | undefined {
  return Object.hasOwn(ENTITY_ALIASES, alias.toLowerCase())
    ? ENTITY_ALIASES[alias.toLowerCase()]
    : undefined;
}

/** The run statuses `attributes.status` may be compared with (tracking."RunStatus"). */
export const RUN_STATUSES = ['running', 'finished', 'failed', 'killed'] as const;

/** The roles `datasets.role` may be compared with (tracking."DatasetRole"). */
export const DATASET_ROLES = ['training', 'validation', 'test', 'other'] as const;

/**
 * How an attribute is compared: `text` and `uuid` with string operators, `enum` the same but
 * checked against `values`, `time` with numbers (ms since the epoch), `boolean` with true/false.
 */
export type FieldKind = 'text' | 'uuid' | 'enum' | 'time' | 'boolean';

/** One comparable attribute of a run or of a run's input dataset. */
export interface FieldSpec {
  readonly name: string;
  readonly kind: FieldKind;
  /** The column may be NULL, so `IS NULL` / `IS NOT NULL` apply. */
  readonly nullable: boolean;
  /** The allowed values of an `enum` field. */
  readonly values?: readonly string[];
}

/** Run attributes by canonical name, in the order error messages list them. */
export const RUN_ATTRIBUTES: readonly FieldSpec[] = [
  { name: 'status', kind: 'enum', nullable: false, values: RUN_STATUSES },
  { name: 'run_name', kind: 'text', nullable: false },
  { name: 'run_id', kind: 'uuid', nullable: false },
  { name: 'experiment_id', kind: 'uuid', nullable: false },
  { name: 'start_time', kind: 'time', nullable: false },
  { name: 'end_time', kind: 'time', nullable: true },
  { name: 'git_commit', kind: 'text', nullable: true },
  { name: 'git_branch', kind: 'text', nullable: true },
  { name: 'git_repository', kind: 'text', nullable: true },
  { name: 'git_dirty', kind: 'boolean', nullable: true },
  { name: 'created_by', kind: 'uuid', nullable: true },
];

/** Fields of a run's input datasets (`datasets.name`). `context` is MLflow's name for the role. */
export const DATASET_FIELDS: readonly FieldSpec[] = [
  { name: 'name', kind: 'text', nullable: false },
  { name: 'digest', kind: 'text', nullable: false },
  { name: 'role', kind: 'enum', nullable: false, values: DATASET_ROLES },
];

const ATTRIBUTE_ALIASES: Readonly<Record<string, string>> = { name: 'run_name', id: 'run_id' };
const DATASET_ALIASES: Readonly<Record<string, string>> = { context: 'role' };

function lookup(
  specs: readonly FieldSpec[],
  aliases: Readonly<Record<string, string>>,
  key: string,
): FieldSpec | undefined {
  const lower = key.toLowerCase();
  const name = Object.hasOwn(aliases, lower) ? aliases[lower] : lower;
  return specs.find((s) => s.name === name);
}

/** The run attribute a key names (case-insensitive, aliases `name` and `id` included). */
export function runAttribute(key: string): FieldSpec | undefined {
  return lookup(RUN_ATTRIBUTES, ATTRIBUTE_ALIASES, key);
}

/** The dataset field a key names (case-insensitive, alias `context` for `role`). */
export function datasetField(key: string): FieldSpec | undefined {
  return lookup(DATASET_FIELDS, DATASET_ALIASES, key);
}

/** Human list of the known attributes, aliases in parentheses, for error messages. */
export const KNOWN_ATTRIBUTES = RUN_ATTRIBUTES.map((a) => {
  const alias = Object.keys(ATTRIBUTE_ALIASES).find((k) => ATTRIBUTE_ALIASES[k] === a.name);
  return alias ? `${a.name} (or ${alias})` : a.name;
}).join(', ');

/** Human list of the known dataset fields, for error messages. */
export const KNOWN_DATASET_FIELDS = DATASET_FIELDS.map((f) => f.name).join(', ');

/** Bounds on one search, so that a query stays cheap to parse and to plan. */
export const SEARCH_LIMITS = {
  /** Characters in a filter string. */
  filterLength: 4000,
  /** Comparisons in one filter. */
  comparisons: 50,
  /** Items in one `IN (…)` list. */
  listItems: 100,
  /** Terms in `orderBy`. */
  orderByTerms: 5,
  /** Characters in one order-by term. */
  orderByTermLength: 300,
} as const;
