// Runs an app's entry point as a real child process, as an operator would, and collects
// its output lines so tests can wait for what it logs.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { waitFor } from './wait-for.js';

export interface RunningProcess {
  child: ChildProcess;
  /** What it has written so far, stdout and stderr, line by line. */
  readonly lines: string[];
  exited: Promise<number | null>;
  /** Waits until a line matches, returning it. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface RunOptions {
  /** Rewrites the command line, e.g. to run it under `taskset`. */
  wrap?: (command: string, args: string[]) => [string, string[]];
  /**
   * Runs the entry's compiled build (`<project>/src/x.ts` as `<project>/dist/x.js`, which its
   * tsconfig.build.json writes) with plain node, as the app's image does, instead of through tsx.
   */
  built?: boolean;
  /**
   * Writes stdout and stderr to this file instead of a pipe this process reads, so that an app
   * logging a line per record runs at its own pace rather than its reader's: a logger writing
   * synchronously to a full pipe blocks, or with pino sleeps 100 ms. `lines` then reads the file.
   */
  output?: string;
}

/** The compiled build of a TypeScript entry under a project's src/. */
export const builtEntry = (entry: string): string => entry.replace(/(^|\/)src\/(.*)\.ts$/, '$1dist/$2.js');

/** Starts `node --import tsx <entry> [...args]` (or its build) from the workspace root with the given environment. */
export function runTypeScript(
  entry: string,
  env: NodeJS.ProcessEnv,
  cwd: string,
  args: string[] = [],
  options: RunOptions = {},
): RunningProcess {
  const nodeArgs = options.built ? [builtEntry(entry), ...args] : ['--import', 'tsx', '--conditions=@tacocloud/source', entry, ...args];
  const [command, commandArgs] = options.wrap ? options.wrap(process.execPath, nodeArgs) : [process.execPath, nodeArgs];
  const file = options.output === undefined ? undefined : openSync(options.output, 'w');
  let child: ChildProcess;
  try {
    child = spawn(command, commandArgs, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', file ?? 'pipe', file ?? 'pipe'],
    });
  } finally {
    // The child holds its own copy of the descriptor.
    if (file !== undefined) closeSync(file);
  }
  const piped: string[] = [];
  if (file === undefined) {
    for (const stream of [child.stdout!, child.stderr!]) createInterface({ input: stream }).on('line', (line) => piped.push(line));
  }
  const readLines = (): string[] =>
    options.output === undefined
      ? piped
      : readFileSync(options.output, 'utf8')
          .split('\n')
          .filter((line) => line.length > 0);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    get lines() {
      return readLines();
    },
    exited,
    async waitForLine(pattern, timeoutMs = 30_000) {
      let found: string | undefined;
      await waitFor(() => (found = readLines().find((line) => pattern.test(line))) !== undefined, {
        timeoutMs,
        message: `a line matching ${pattern}`,
      });
      return found!;
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
