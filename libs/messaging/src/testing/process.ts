// Runs an app's entry point as a real child process, as an operator would, and collects
// its output lines so tests can wait for what it logs.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { waitFor } from './wait-for.js';

export interface RunningProcess {
  child: ChildProcess;
  lines: string[];
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
  const child = spawn(command, commandArgs, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) createInterface({ input: stream }).on('line', (line) => lines.push(line));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    lines,
    exited,
    async waitForLine(pattern, timeoutMs = 30_000) {
      await waitFor(() => lines.some((line) => pattern.test(line)), { timeoutMs, message: `a line matching ${pattern}` });
      return lines.find((line) => pattern.test(line)) as string;
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
