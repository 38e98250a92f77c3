// npm run dlt -- list [--since 2h] [--json] | replay [--since 2h]
// Works on the orders DLT of the configured cluster (KAFKA_BROKERS, ORDERS_TOPIC) or --topic.
import { parseArgs } from 'node:util';
import {
  createKafkaClient,
  DLT_SUFFIX,
  isMessagingError,
  listDeadLetters,
  MessagingEnv,
  messagingConfigFrom,
  parseEnv,
  replayDeadLetters,
  silentLogger,
  type DeadLetterRecord,
} from '@tacocloud/messaging';
import { parseSince } from './since.js';

const USAGE = `Usage: npm run dlt -- <list|replay> [--since <ISO time | 30m | 2h | 7d>] [--topic <dlt>] [--json]

  list     every dead letter with where it came from and why (nothing is committed)
  replay   re-publish dead letters to their original topic, key, value and headers
           unchanged; each letter is replayed once (group dlt-replay.<dlt>)

The cluster and topic come from KAFKA_BROKERS and ORDERS_TOPIC, as for the apps.`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { since: { type: 'string' }, topic: { type: 'string' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
  });
  const [command] = positionals;
  if (values.help || (command !== 'list' && command !== 'replay')) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const config = messagingConfigFrom(parseEnv(MessagingEnv, process.env), 'dlt-tool');
  const dlt = values.topic ?? `${config.orders.topic}${DLT_SUFFIX}`;
  const filter = values.since ? { since: parseSince(values.since) } : {};
  const kafka = createKafkaClient({ brokers: config.kafka.brokers, clientId: config.kafka.clientId, logger: silentLogger });

  if (command === 'list') {
    const letters = await listDeadLetters(kafka, dlt, filter);
    if (values.json) console.log(JSON.stringify(letters.map(({ value, ...letter }) => ({ ...letter, value: value?.toString('utf8') ?? null }))));
    else printTable(dlt, letters);
    return 0;
  }
  const { replayed, skipped } = await replayDeadLetters(kafka, dlt, filter);
  console.log(`Replayed ${replayed} dead letter(s) from ${dlt}${skipped ? `; skipped ${skipped} (older than --since, or no original topic)` : ''}.`);
  return 0;
}

function printTable(dlt: string, letters: DeadLetterRecord[]): void {
  console.log(`${letters.length} dead letter(s) in ${dlt}`);
  for (const letter of letters) {
    const origin = `${letter.original.topic ?? '?'}[${letter.original.partition ?? '?'}]@${letter.original.offset ?? '?'}`;
    console.log(
      `${letter.partition}:${letter.offset}  ${letter.timestamp}  from ${origin}  reason=${letter.reason ?? '?'}  attempts=${letter.attempts ?? '?'}  key=${letter.key ?? '(none)'}\n    ${letter.error ?? ''}`,
    );
  }
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(`dlt: ${isMessagingError(error) || error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
