// What a handler learns about the record it handles (Spring's @Header values).
import type { RecordPosition } from '../record-position.js';

export interface ListenerRecord extends RecordPosition {
  key: string | null;
  headers: Readonly<Record<string, string>>;
}

export type MessageHandler<T> = (message: T, record: ListenerRecord) => Promise<void>;
