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

/** Where buffered lines go: a destination that has written a chunk when `write` returns, as pino's `destination({ sync: true })`. */
export interface LineSink {
  write(chunk: string): unknown;
}

/** A pino destination gathering lines, written together once they reach a size or on `flushSync`. */
export interface BufferedLines {
  write(line: string): void;
  /** Writes what it holds: once it returns, every line has reached the kernel. */
  flushSync(): void;
  /** What pino's `logger.flush(cb)` calls: writes what it holds, then calls back. */
  flush(callback?: (error?: Error) => void): void;
}

/**
 * Gathers pino's lines and hands them to `sink` as one string once `minChars` have gathered, and
 * on `flushSync`. sonic-boom's own buffer (its `minLength`) re-measures the bytes of everything
 * it holds on each write, flattening the concatenated string pino made each time: at a line per
 * record that was a quarter of the line's cost. Joined here, each line is copied and measured once.
 */
export function bufferedLines(sink: LineSink, minChars: number): BufferedLines {
  const lines: string[] = [];
  let chars = 0;
  const writeGathered = () => {
    if (lines.length === 0) return;
    const chunk = lines.join('');
    lines.length = 0;
    chars = 0;
    sink.write(chunk);
  };
  return {
    write(line) {
      lines.push(line);
      chars += line.length;
      if (chars >= minChars) writeGathered();
    },
    // Not sonic-boom's flushSync, which also fsyncs a file: at a commit a batch, 6.5 % of
    // order-listener's CPU at info into a file. A line that reached the kernel outlives the
    // process; like Kafka's own log, which leaves the disk to the page cache and relies on
    // replicas, a machine that loses power may lose the last of them.
    flushSync() {
      writeGathered();
    },
    flush(callback) {
      try {
        this.flushSync();
      } catch (error) {
        callback?.(error as Error);
        return;
      }
      callback?.();
    },
  };
}
