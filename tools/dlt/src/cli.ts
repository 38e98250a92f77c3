// npm run dlt -- list [--since 2h] [--json] | replay [--since 2h] [--json]
// Works on the orders DLT of the configured cluster (KAFKA_BROKERS, ORDERS_TOPIC) or --topic.
import {
  createKafkaClient,
  DLT_SUFFIX,
  MessagingEnv,
  messagingConfigFrom,
  parseEnv,
  readDeadLetters,
  replayDeadLetters,
  silentLogger,
  type ReplayReport,
} from '@tacocloud/messaging';
import { parseCommand, USAGE, UsageError, type DltCommand } from './args.js';
import { letterView, type LetterView } from './letter-view.js';

async function main(argv: string[]): Promise<number> {
  let command: DltCommand;
  try {
    command = parseCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`dlt: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (command.command === 'help') {
    console.log(USAGE);
    return 0;
  }
  const config = messagingConfigFrom(parseEnv(MessagingEnv, process.env), 'dlt-tool');
  const dlt = command.topic ?? `${config.orders.topic}${DLT_SUFFIX}`;
  const filter = command.since ? { since: command.since } : {};
  const kafka = createKafkaClient({ ...config.kafka, logger: silentLogger });

  if (command.command === 'list') {
    const { letters } = await readDeadLetters(kafka, dlt, filter, letterView);
    if (command.json) console.log(JSON.stringify(letters));
    else printTable(dlt, letters);
    return 0;
  }
  const report = await replayDeadLetters(kafka, dlt, filter);
  console.log(command.json ? JSON.stringify(report) : describeReplay(dlt, report));
  return 0;
}

function describeReplay(
  dlt: string,
  { replayed, unreadable, alreadyReplayed, olderThanSince, noOriginalTopic, cutDown }: ReplayReport,
): string {
  const lines = [`Replayed ${replayed} dead letter(s) from ${dlt}.`];
  if (unreadable > 0)
    lines.push(
      `Of these, ${unreadable} were dead-lettered because the listener could not read them (see their reason in npm run dlt -- list): they come back to the DLT unless the listener or their producer changed since.`,
    );
  if (alreadyReplayed > 0) lines.push(`Already replayed by an earlier replay, not sent again: ${alreadyReplayed}.`);
  if (olderThanSince > 0)
    lines.push(`Left in the DLT, older than --since: ${olderThanSince} (a later replay without --since replays them).`);
  if (noOriginalTopic > 0)
    lines.push(
      `Left in the DLT, with no kafka_dlt-original-topic header or one naming a topic other than ${dlt.replace(/\.DLT$/, '')}: ${noOriginalTopic} (see npm run dlt -- list).`,
    );
  if (cutDown > 0)
    lines.push(
      `Left in the DLT, cut down to fit it (value, key or headers left out, see its dlt-*-dropped-bytes headers): ${cutDown}; replayed, it would only fail again.`,
    );
  if (lines.length === 1 && replayed === 0) lines.push('Nothing waiting to be replayed.');
  return lines.join('\n');
}

function printTable(dlt: string, letters: LetterView[]): void {
  console.log(`${letters.length} dead letter(s) in ${dlt}`);
  for (const letter of letters) {
    const origin = `${letter.original.topic ?? '?'}[${letter.original.partition ?? '?'}]@${letter.original.offset ?? '?'}`;
    console.log(
      `${letter.partition}:${letter.offset}  ${letter.timestamp}  from ${origin}  reason=${letter.reason ?? '?'}  attempts=${letter.attempts ?? '?'}  key=${letter.key ?? '(none)'}  ${letter.valueBytes} bytes\n    ${letter.error ?? ''}`,
    );
  }
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(`dlt: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
