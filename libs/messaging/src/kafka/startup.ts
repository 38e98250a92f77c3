// Start-up against a Kafka that may not be up yet: keep trying with capped back-off, so a
// service started before its cluster comes ready instead of crash-looping. Errors that
// retrying cannot fix (a topic that disagrees with its declaration, refused credentials or
// ACLs) end the wait.
import { isMessagingError } from '../errors.js';
import type { Logger } from '../logger.js';
import { accessDeniedFrom } from './access-denied.js';

export interface StartupRetryOptions {
  logger: Logger;
  /** Stop trying (e.g. on shutdown); the returned promise then rejects. */
  signal?: AbortSignal;
  initialDelayMs?: number;
  maxDelayMs?: number;
}

export async function retryUntilReady<T>(what: string, operation: () => Promise<T>, options: StartupRetryOptions): Promise<T> {
  const { logger, signal, initialDelayMs = 500, maxDelayMs = 15_000 } = options;
  let delayMs = initialDelayMs;
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    try {
      return await operation();
    } catch (error) {
      if (isMessagingError(error) && !error.retriable) throw error;
      const denied = accessDeniedFrom(error);
      if (denied) throw denied;
      // A first failure is routine (a cluster still starting, a partition whose leader was
      // elected a moment ago, as on a first npm start); one that persists deserves a warning.
      const log = attempt === 1 ? logger.info.bind(logger) : logger.warn.bind(logger);
      log({ attempt, retryInMs: delayMs, error: (error as Error).message }, `${what} failed; retrying`);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      delayMs = Math.min(maxDelayMs, delayMs * 2);
    }
  }
}
