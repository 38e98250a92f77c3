// Errors the local-Kafka tool can hit, each carrying the fix a user should apply.
export class KafkaToolError extends Error {
  override readonly name = 'KafkaToolError';

  constructor(
    message: string,
    readonly fix: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** The text shown to a user: what went wrong, then what to do about it. */
  explain(): string {
    return `${this.message}\n  fix: ${this.fix}`;
  }
}
