// What a handler learns about the record it handles (Spring's @Header values).
export interface ListenerRecord {
  topic: string;
  partition: number;
  offset: string;
  /** The record's timestamp, ISO 8601. */
  timestamp: string;
  key: string | null;
  headers: Readonly<Record<string, string>>;
}

export type MessageHandler<T> = (message: T, record: ListenerRecord) => Promise<void>;
