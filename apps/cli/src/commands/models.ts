import { type RouterOutputs } from '@sextant/client';
import { registerModel } from '@sextant/client/training';
import type { CliContext } from '../cli-context';
import { CliError } from '../output';
import { type CommandArgs, parseInteger, stringList, stringValue } from '../tracking/args';
import { openSession } from '../tracking/context';
import { formatBytes, formatTime, shortId, table } from '../tracking/format';
import { resolveRunId } from '../tracking/run-ref';

type VersionSummary = RouterOutputs['tracking']['models']['createVersion'];
type Signature = VersionSummary['signature'];

function parseVersion(text: string): number {
  return parseInteger('version', text, { min: 1, max: 2_147_483_647 })!;
}

function aliasList(aliases: Record<string, number>): string {
  return Object.entries(aliases)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([alias, v]) => `${alias}=v${v}`)
    .join(', ');
}

function tensorLine(t: Signature['inputs'][number]): string {
  const shape = t.shape ? `[${t.shape.map((d) => d ?? '?').join(', ')}]` : '(unknown shape)';
  return `${t.name}: ${t.elementType} ${shape}`;
}

function versionLines(v: VersionSummary): string[] {
  return [
    `${v.model} v${v.version}  ${v.status}${v.statusReason ? ` (${v.statusReason})` : ''}${v.aliases.length ? `  aliases: ${v.aliases.join(', ')}` : ''}`,
    `  run       ${v.runId}  artifact ${v.artifactPath}`,
    `  sha256    ${v.sha256}  ${formatBytes(v.size)}`,
    ...v.signature.inputs.map((t) => `  input     ${tensorLine(t)}`),
    ...v.signature.outputs.map((t) => `  output    ${tensorLine(t)}`),
    ...(v.featureNames ? [`  features  ${v.featureNames.join(', ')}`] : []),
  ];
}

/** `sextant models list`: the project's registered models with their aliases. */
export async function modelsListCommand(ctx: CliContext, args: CommandArgs): Promise<void> {
  const session = await openSession(ctx, args);
  const models = await session.call((c) =>
    c.tracking.models.list.query({ project: session.project }),
  );
  ctx.out.result(
    models,
    models.length
      ? table(
          ['NAME', 'LATEST', 'ALIASES', 'UPDATED'],
          models.map((m) => [
            m.name,
            m.latestVersion ? `v${m.latestVersion}` : '-',
            aliasList(m.aliases),
            formatTime(m.updatedAt),
          ]),
        )
      : [`no registered models in project ${session.project} (see \`sextant models register\`)`],
  );
}

/** `sextant models show <model>`: its versions (status, aliases, run, hash, signature). */
export async function modelsShowCommand(ctx: CliContext, args: CommandArgs): Promise<void> {
  const session = await openSession(ctx, args);
  const [name] = args.positionals as [string];
  const model = await session.call((c) =>
    c.tracking.models.get.query({ project: session.project, model: name }),
  );
  ctx.out.result(model, [
    `${model.name}${model.description ? ` — ${model.description}` : ''}`,
    `aliases: ${aliasList(model.aliases) || '-'}`,
    '',
    ...table(
      ['VERSION', 'STATUS', 'ALIASES', 'RUN', 'SHA256', 'SIZE', 'CREATED'],
      model.versions.map((v) => [
        `v${v.version}`,
        v.status,
        v.aliases.join(', '),
        shortId(v.runId),
        v.sha256.slice(0, 12),
        formatBytes(v.size),
        formatTime(v.createdAt),
      ]),
    ),
  ]);
}

/**
 * `sextant models register <model> <runId> <artifactPath> [--alias A] [--feature-names a,b]
 * [--description D] [--reason R]`: the run's ONNX artifact becomes the model's next version
 * (the model is created when missing); `--alias` points an alias at it.
 */
export async function modelsRegisterCommand(ctx: CliContext, args: CommandArgs): Promise<void> {
  const session = await openSession(ctx, args);
  const [model, ref, artifactPath] = args.positionals as [string, string, string];
  const runId = await resolveRunId(session, ref);
  const featureNames = stringList(args, 'feature-names', true);
  const alias = stringValue(args, 'alias');
  const description = stringValue(args, 'description');
  const reason = stringValue(args, 'reason');
  const version = await session.call(() =>
    registerModel(session.connection, {
      project: session.project,
      model,
      runId,
      artifactPath,
      ...(featureNames.length ? { featureNames } : {}),
      ...(alias !== undefined ? { alias } : {}),
      ...(description !== undefined ? { description } : {}),
      ...(reason !== undefined ? { reason } : {}),
    }),
  );
  ctx.out.result(version, [`registered ${model} v${version.version}`, ...versionLines(version)]);
}

/** `sextant models set-alias <model> <alias> <version> [--reason R]`. */
export async function modelsSetAliasCommand(ctx: CliContext, args: CommandArgs): Promise<void> {
  const session = await openSession(ctx, args);
  const [model, alias, text] = args.positionals as [string, string, string];
  const reason = stringValue(args, 'reason');
  const version = await session.call((c) =>
    c.tracking.models.setAlias.mutate({
      project: session.project,
      model,
      alias,
      version: parseVersion(text.replace(/^v/i, '')),
      ...(reason !== undefined ? { reason } : {}),
    }),
  );
  ctx.out.result(version, [`${model}@${alias} → v${version.version}`]);
}

/** `sextant models delete-alias <model> <alias> [--reason R]`. */
export async function modelsDeleteAliasCommand(ctx: CliContext, args: CommandArgs): Promise<void> {
  const session = await openSession(ctx, args);
  const [model, alias] = args.positionals as [string, string];
  const reason = stringValue(args, 'reason');
  const result = await session.call((c) =>
    c.tracking.models.deleteAlias.mutate({
      project: session.project,
      model,
      alias,
      ...(reason !== undefined ? { reason } : {}),
    }),
  );
  ctx.out.result(result, [`${model}@${alias} deleted`]);
}

/** `sextant models history <model> [--alias A]`: every alias move, newest first. */
export async function modelsHistoryCommand(ctx: CliContext, args: CommandArgs): Promise<void> {
  const session = await openSession(ctx, args);
  const [model] = args.positionals as [string];
  const alias = stringValue(args, 'alias');
  const moves = await session.call((c) =>
    c.tracking.models.aliasHistory.query({
      project: session.project,
      model,
      ...(alias !== undefined ? { alias } : {}),
    }),
  );
  const v = (n: number | null) => (n === null ? '-' : `v${n}`);
  ctx.out.result(
    moves,
    moves.length
      ? table(
          ['AT', 'ALIAS', 'FROM', 'TO', 'REASON'],
          moves.map((m) => [
            formatTime(m.at),
            m.alias,
            v(m.fromVersion),
            v(m.toVersion),
            m.reason ?? '',
          ]),
        )
      : [`no alias of ${model} has moved yet`],
  );
}

/** `sextant models alias-at <model> <alias> <time>`: what the alias pointed to then. */
export async function modelsAliasAtCommand(ctx: CliContext, args: CommandArgs): Promise<void> {
  const session = await openSession(ctx, args);
  const [model, alias, time] = args.positionals as [string, string, string];
  const at = /^\d+$/.test(time) ? Number(time) : time;
  if (typeof at === 'string' && Number.isNaN(Date.parse(at))) {
    throw new CliError(
      `not a time: "${time}" (an ISO 8601 time such as 2026-12-01T10:00:00Z, or epoch milliseconds)`,
      'USAGE',
      2,
    );
  }
  const answer = await session.call((c) =>
    c.tracking.models.aliasAt.query({ project: session.project, model, alias, at }),
  );
  ctx.out.result(answer, [
    answer.version === null
      ? `${model}@${alias} pointed nowhere at ${formatTime(answer.at)}`
      : `${model}@${alias} was v${answer.version} at ${formatTime(answer.at)} (since ${formatTime(answer.since?.at)}${answer.since?.reason ? `: ${answer.since.reason}` : ''})`,
  ]);
}

/** `sextant models lineage <model> <version>`: the version's graph, one edge per line. */
export async function modelsLineageCommand(ctx: CliContext, args: CommandArgs): Promise<void> {
  const session = await openSession(ctx, args);
  const [model, text] = args.positionals as [string, string];
  const graph = await session.call((c) =>
    c.tracking.models.lineage.query({
      project: session.project,
      model,
      version: parseVersion(text.replace(/^v/i, '')),
    }),
  );
  const label = new Map(graph.nodes.map((n) => [n.id, `${n.kind} ${n.label}`]));
  ctx.out.result(
    graph,
    graph.edges.map((e) => `${label.get(e.from)}  --${e.relation}-->  ${label.get(e.to)}`),
  );
}
