// What the apps' own source says about them, for the deploy files' checks: each figure is read
// where it is defined rather than restated, so a change there fails the files it no longer fits.
import { readFileSync } from 'node:fs';
import { DEFAULT_SEND_TIMEOUT_MS } from '@tacocloud/messaging';

export const APPS = ['order-api', 'order-listener'] as const;
export type App = (typeof APPS)[number];

const repo = new URL('../', import.meta.url);
export const source = (path: string) => readFileSync(new URL(path, repo), 'utf8');

/** A numeric constant's value in a source file, e.g. `const SHUTDOWN_GRACE_MS = 30_000;`. */
export function constantIn(path: string, name: string): number {
  const match = new RegExp(`const ${name} = ([\\d_]+);`).exec(source(path));
  if (!match) throw new Error(`${name} not found in ${path}`);
  return Number(match[1]!.replaceAll('_', ''));
}

/** How long an app may take after SIGTERM before it has stopped on its own, from its main.ts. */
export function shutdownBoundMs(app: App, env: Record<string, string>): number {
  const main = `apps/${app}/src/main.ts`;
  const bound = app === 'order-api' ? 'delay: config.sendTimeoutMs + SHUTDOWN_MARGIN_MS' : 'delay: SHUTDOWN_GRACE_MS';
  if (!source(main).includes(bound)) throw new Error(`${main} no longer bounds its shutdown with '${bound}': update ${import.meta.url}`);
  return app === 'order-api'
    ? Number(env['ORDER_SEND_TIMEOUT_MS'] ?? DEFAULT_SEND_TIMEOUT_MS) + constantIn(main, 'SHUTDOWN_MARGIN_MS')
    : constantIn(main, 'SHUTDOWN_GRACE_MS');
}
