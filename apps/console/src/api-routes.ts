// The JSON API behind the pages. Live orders are public and read-only; everything about the
// listeners and the DLT needs an operator (see access.ts), and replay is a POST with a
// bounded selection, one at a time.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { SECURITY_HEADERS, type ConsoleDeps } from './app.js';
import type { LiveStreams } from './live-stream.js';
import { orderView } from './views.js';

/** Letters per replay request: a selection, not a bulk tool (npm run dlt -- replay is that). */
export const MAX_REPLAY_SELECTION = 100;

const LetterQuery = z.object({
  reason: z.string().trim().min(1).max(200).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
});

const ReplayRequest = z.object({
  letters: z
    .array(z.object({ partition: z.number().int().min(0).max(100_000), offset: z.string().regex(/^\d{1,19}$/) }))
    .min(1)
    .max(MAX_REPLAY_SELECTION),
});

export async function apiRoutes(app: FastifyInstance, deps: ConsoleDeps, streams: LiveStreams): Promise<void> {
  const { access, orders, operations, deadLetters } = deps;
  let replaying = false;

  app.get('/api/orders', async () => ({ orders: orders.recent().map(orderView) }));
  app.get('/api/orders/stream', async (request, reply) => {
    streams.serve(request, reply, SECURITY_HEADERS, (send) => orders.watch((record) => send('order', orderView(record))));
  });

  app.get('/api/session', { preHandler: access.guard }, async (request) => {
    const operator = access.operator(request);
    return { csrfToken: operator?.via === 'session' ? operator.session.csrf : null };
  });
  app.get('/api/operations', { preHandler: access.guard }, async () => operations.snapshot());
  app.get('/api/dead-letters', { preHandler: access.guard }, async (request, reply) => {
    const query = LetterQuery.safeParse(request.query);
    if (!query.success) return reply.code(400).send({ error: 'reason, since and until (ISO 8601 with a zone) are the filters' });
    const { reason, since, until } = query.data;
    return deadLetters.list({
      ...(reason ? { reason } : {}),
      ...(since ? { since: new Date(since) } : {}),
      ...(until ? { until: new Date(until) } : {}),
    });
  });
  app.post('/api/dead-letters/replay', { preHandler: access.guard }, async (request, reply) => {
    const body = ReplayRequest.safeParse(request.body);
    if (!body.success) {
      return reply.code(400).send({ error: `Send {"letters":[{"partition":0,"offset":"12"}]}, 1 to ${MAX_REPLAY_SELECTION} letters.` });
    }
    if (replaying) return reply.code(409).send({ error: 'A replay is running; try again when it has finished.' });
    replaying = true;
    try {
      const report = await deadLetters.replay(body.data.letters);
      request.log.info({ letters: body.data.letters, report }, 'Dead letters replayed from the console');
      // Every chosen letter that is in the DLT is counted once in one of these.
      const found = report.replayed + report.alreadyReplayed + report.olderThanSince + report.noOriginalTopic + report.cutDown;
      const notFound = body.data.letters.length - found;
      if (found === 0) return reply.code(404).send({ error: 'None of these letters is in the dead-letter topic.', ...report, notFound });
      return { ...report, notFound };
    } catch (error) {
      request.log.error({ err: error }, 'Replay failed');
      return reply.code(502).send({ error: `The replay failed: ${(error as Error).message}` });
    } finally {
      replaying = false;
    }
  });
}
