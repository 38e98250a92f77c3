// The logging surface the library needs: a subset of pino's, so apps pass their pino logger
// and tests pass anything with these four methods.
export interface LogFn {
  (message: string): void;
  (fields: object, message?: string): void;
}

export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  child?(bindings: Record<string, unknown>): Logger;
  /** As pino's: lets the hot path skip building a log line nobody will see. */
  isLevelEnabled?(level: string): boolean;
}

const noop: LogFn = () => undefined;
export const silentLogger: Logger = { debug: noop, info: noop, warn: noop, error: noop, isLevelEnabled: () => false };

export function childLogger(logger: Logger, bindings: Record<string, unknown>): Logger {
  return logger.child ? logger.child(bindings) : logger;
}

/**
 * A pino `timestamp` function writing ISO time as pino's `isoTime` does, formatted once per
 * millisecond: a busy replica writes dozens of lines in each one.
 */
export function isoTimeField(): () => string {
  let formattedAt = Number.NaN;
  let field = '';
  return () => {
    const now = Date.now();
    if (now !== formattedAt) {
      formattedAt = now;
      field = `,"time":"${new Date(now).toISOString()}"`;
    }
    return field;
  };
}
