import { CliError } from '../output';
import type { TrackingSession } from './context';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PREFIX = /^[0-9a-f]{4,8}(?:-[0-9a-f-]*)?$/i;

/**
 * A run id as the user typed it: the full id, or its first characters (4 at least) as
 * `runs list` shows them, when exactly one run of the project (deleted ones included) starts so.
 */
export async function resolveRunId(session: TrackingSession, ref: string): Promise<string> {
  const text = ref.trim().toLowerCase();
  if (UUID.test(text)) return text;
  if (!PREFIX.test(text)) {
    throw new CliError(
      `not a run id: "${ref}" (a run's id, or its first 4 to 8 characters)`,
      'USAGE',
      2,
    );
  }
  const found = await session.call((client) =>
    client.tracking.runs.search.query({
      project: session.project,
      filter: `attributes.run_id LIKE '${text}%'`,
      view: 'all',
      limit: 2,
    }),
  );
  const [first, second] = found.runs;
  if (!first) {
    throw new CliError(
      `no run of project "${session.project}" has an id starting ${text}`,
      'NOT_FOUND',
    );
  }
  if (second) {
    throw new CliError(
      `the run id ${text} is ambiguous in project "${session.project}" (${found.total} runs start so): give more of it`,
      'AMBIGUOUS',
    );
  }
  return first.id;
}
