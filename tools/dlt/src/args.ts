// The command line of `npm run dlt`, checked before anything connects to Kafka: a mistake gets
// a message saying what is wrong and exit code 2, never a surprise on the cluster.
import { parseArgs } from 'node:util';
import { parseSince } from './since.js';

export const USAGE = `Usage: npm run dlt -- <list|replay> [--since <ISO time | 30m | 2h | 7d>] [--topic <dlt>] [--json]

  list     every dead letter with where it came from and why (nothing is committed)
  replay   re-publish dead letters to their original topic, key, value and headers
           unchanged; each letter once (group dlt-replay.<dlt>). With --since, only
           letters dead-lettered since then; older ones stay replayable by a later replay.

The cluster and topic come from KAFKA_BROKERS and ORDERS_TOPIC, as for the apps.`;

export interface DltCommand {
  command: 'list' | 'replay' | 'help';
  since?: Date;
  topic?: string;
  json: boolean;
}

export class UsageError extends Error {}

export function parseCommand(argv: string[], now = Date.now()): DltCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        since: { type: 'string' },
        topic: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { positionals, values } = parsed;
  if (values.help) return { command: 'help', json: false };
  const [command, ...extra] = positionals;
  if (command === undefined) throw new UsageError('Missing command: list or replay');
  if (command !== 'list' && command !== 'replay') throw new UsageError(`Unknown command '${command}': use list or replay`);
  if (extra.length > 0) throw new UsageError(`Unexpected argument(s): ${extra.join(' ')}`);
  if (values.topic !== undefined && !/.\.DLT$/.test(values.topic)) {
    throw new UsageError(`--topic needs the name of a dead-letter topic, <topic>.DLT, not '${values.topic}'`);
  }
  let since: Date | undefined;
  try {
    since = values.since === undefined ? undefined : parseSince(values.since, now);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return { command, json: values.json, ...(since && { since }), ...(values.topic !== undefined && { topic: values.topic }) };
}
