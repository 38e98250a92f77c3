// order-api and order-listener as separate processes against a given cluster, the way
// operators run them, with helpers to read what they did from their logs.
import { fileURLToPath } from 'node:url';
import { runTypeScript, type RunningProcess } from '@tacocloud/messaging/testing';

const root = fileURLToPath(new URL('../../../', import.meta.url));

export interface OrderApiProcess extends RunningProcess {
  baseUrl: string;
}

export async function startOrderApi(env: NodeJS.ProcessEnv): Promise<OrderApiProcess> {
  // /health and /metrics on PORT, whatever HEALTH_PORT the shell exports.
  const api = runTypeScript('apps/order-api/src/main.ts', { HOST: '127.0.0.1', PORT: '0', HEALTH_PORT: undefined, ...env }, root);
  const listening = await api.waitForLine(/Server listening at http:\/\/127\.0\.0\.1:\d+/, 60_000);
  await api.waitForLine(/ready for orders/, 60_000);
  return Object.assign(api, { baseUrl: /http:\/\/127\.0\.0\.1:\d+/.exec(listening)![0] });
}

export async function startListener(env: NodeJS.ProcessEnv): Promise<RunningProcess> {
  const listener = runTypeScript('apps/order-listener/src/main.ts', { HEALTH_PORT: '0', ...env }, root);
  await listener.waitForLine(/Joined consumer group/, 60_000);
  return listener;
}

/** Order ids a listener logged as received, once per delivery. */
export function handledOrderIds(listener: RunningProcess): string[] {
  return listener.lines.flatMap((line) => /"msg":"Received order ([0-9a-f-]{36})/.exec(line)?.[1] ?? []);
}
