// POST /orders as a client would, for tests that run order-api (or a peer) as a process. The
// request is bounded, so a test that hits a stuck server fails with a timeout instead of hanging.
import { SAMPLE_ORDER } from '@tacocloud/contract';

/** Long enough for a send that rides out a broker fail-over (order-api's own send timeout is 15 s). */
const POST_TIMEOUT_MS = 30_000;

export function postOrder(baseUrl: string, headers: Record<string, string> = {}, order: unknown = SAMPLE_ORDER): Promise<Response> {
  return fetch(`${baseUrl}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(order),
    signal: AbortSignal.timeout(POST_TIMEOUT_MS),
  });
}
