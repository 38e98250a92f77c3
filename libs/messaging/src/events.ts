// What the producer and listener report, on node:diagnostics_channel: logs, metrics and
// tracing subscribe here instead of being called from the hot path, and cost nothing
// when nobody listens.
import diagnosticsChannel from 'node:diagnostics_channel';

export interface RecordEvent {
  topic: string;
  partition: number;
  offset: string;
}

export interface ListenerEvent extends RecordEvent {
  groupId: string;
}

export const channels = {
  /** A record was acknowledged by Kafka: RecordEvent & { key, durationMs }. */
  acked: diagnosticsChannel.channel('tacocloud:producer:acked'),
  /** A produce request settled: { topic (its first), partitions, records, durationMs, ok }. */
  produced: diagnosticsChannel.channel('tacocloud:producer:request'),
  /** The listener got a batch: { topic, partition, groupId, highWatermark, firstOffset } (offsets as strings). */
  fetched: diagnosticsChannel.channel('tacocloud:listener:fetched'),
  /** A handler finished a record: ListenerEvent & { durationMs }. */
  handled: diagnosticsChannel.channel('tacocloud:listener:handled'),
  /** A handler failed and will be retried: ListenerEvent & { attempt, delayMs, error }. */
  retried: diagnosticsChannel.channel('tacocloud:listener:retried'),
  /** A record went to the dead-letter topic: ListenerEvent & { reason, attempts }. */
  deadLettered: diagnosticsChannel.channel('tacocloud:listener:dead-lettered'),
  /** A record whose message id was handled before was skipped: ListenerEvent & { messageId }. */
  duplicate: diagnosticsChannel.channel('tacocloud:listener:duplicate'),
} as const;

export function publish(channel: diagnosticsChannel.Channel, event: object): void {
  if (channel.hasSubscribers) channel.publish(event);
}
