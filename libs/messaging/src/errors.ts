// The closed set of errors the messaging library raises. Callers branch on `code`;
// `retriable` says whether trying the same thing again later can succeed.
export const ErrorCode = {
  InvalidMessage: 'INVALID_MESSAGE',
  KafkaUnavailable: 'KAFKA_UNAVAILABLE',
  KafkaAccessDenied: 'KAFKA_ACCESS_DENIED',
  SendTimeout: 'SEND_TIMEOUT',
  TopicMismatch: 'TOPIC_MISMATCH',
  InvalidConfig: 'INVALID_CONFIG',
  NotStarted: 'NOT_STARTED',
  Rejected: 'MESSAGE_REJECTED',
  BufferFull: 'PRODUCER_BUFFER_FULL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export abstract class MessagingError extends Error {
  abstract readonly code: ErrorCode;
  abstract readonly retriable: boolean;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export interface Violation {
  /** Dotted path of the offending field, e.g. `tacos.0.name`; empty for the whole value. */
  path: string;
  message: string;
}

/** Why a record can never be handled; travels in the dead letter's `dlt-reason` header. */
export const PoisonReason = {
  EmptyValue: 'empty-value',
  NotJson: 'not-json',
  UnknownType: 'unknown-message-type',
  SchemaMismatch: 'schema-mismatch',
  TooLarge: 'too-large',
  /** Decoding the record failed in a way no check above names: a defect, never worth retrying. */
  Undecodable: 'undecodable',
  /**
   * A compressed record batch that could not be decompressed (corrupt, or over 64 MB), or one
   * declaring more records than it can hold: one letter, at the batch's last offset and with no
   * key or value, stands for all its records.
   */
  UndecodableBatch: 'undecodable-batch',
} as const;
export type PoisonReason = (typeof PoisonReason)[keyof typeof PoisonReason];

/** A value does not match its schema: a bug in the caller or a poison record, never retried. */
export class InvalidMessageError extends MessagingError {
  readonly code = ErrorCode.InvalidMessage;
  readonly retriable = false;

  constructor(
    message: string,
    readonly violations: Violation[] = [],
    options?: { cause?: unknown; reason?: PoisonReason },
  ) {
    super(message, options);
    this.reason = options?.reason ?? PoisonReason.SchemaMismatch;
  }

  readonly reason: PoisonReason;
}

/** Kafka could not be reached or refused the write; try again later. */
export class KafkaUnavailableError extends MessagingError {
  readonly code = ErrorCode.KafkaUnavailable;
  readonly retriable = true;
}

/**
 * Kafka refused who we are (credentials, TLS trust) or what we may do (ACLs): no retry can
 * change that, the configuration or the cluster's ACLs must. The message says which.
 */
export class KafkaAccessDeniedError extends MessagingError {
  readonly code = ErrorCode.KafkaAccessDenied;
  readonly retriable = false;
}

/** Kafka did not acknowledge within the deadline; the record may or may not have been written. */
export class SendTimeoutError extends MessagingError {
  readonly code = ErrorCode.SendTimeout;
  readonly retriable = true;
}

/** Too many records already wait for Kafka: back off and retry (HTTP: 503 + Retry-After). */
export class ProducerBufferFullError extends MessagingError {
  readonly code = ErrorCode.BufferFull;
  readonly retriable = true;
}

/** An existing topic disagrees with its declaration (partitions, replication factor, configs). */
export class TopicMismatchError extends MessagingError {
  readonly code = ErrorCode.TopicMismatch;
  readonly retriable = false;
}

/** An environment variable has a bad value; the message names it. */
export class InvalidConfigError extends MessagingError {
  readonly code = ErrorCode.InvalidConfig;
  readonly retriable = false;
}

/** Used before `start()` / after `stop()`. */
export class NotStartedError extends MessagingError {
  readonly code = ErrorCode.NotStarted;
  readonly retriable = true;
}

/**
 * Thrown by a handler to say retrying is pointless (e.g. the order refers to something
 * that does not exist): the record goes to the dead-letter topic at once.
 */
export class RejectedMessageError extends MessagingError {
  readonly code = ErrorCode.Rejected;
  readonly retriable = false;
}

export function isMessagingError(error: unknown): error is MessagingError {
  return error instanceof MessagingError;
}
