// Builds the console's Fastify app from its dependencies; never listens (see main.ts).
import type { OrderPlaced, ReplayReport, TailRecord } from '@tacocloud/messaging';
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { OperatorAccess } from './access.js';
import { apiRoutes } from './api-routes.js';
import { LiveStreams } from './live-stream.js';
import { metricsRoute } from './metrics.js';
import type { OperationsSnapshot } from './operations.js';
import { pageRoutes } from './page-routes.js';
import type { LetterView } from './views.js';

export interface LetterQuery {
  reason?: string;
  since?: Date;
  until?: Date;
}

export interface ConsoleDeps {
  access: OperatorAccess;
  orders: {
    recent(): readonly TailRecord<OrderPlaced>[];
    watch(watcher: (record: TailRecord<OrderPlaced>) => void): () => void;
  };
  operations: { snapshot(): Promise<OperationsSnapshot> };
  deadLetters: {
    /** The newest letters that match, and how many older ones were not read at all. */
    list(query: LetterQuery): Promise<{ letters: LetterView[]; unread: number }>;
    replay(letters: { partition: number; offset: string }[]): Promise<ReplayReport>;
  };
  readiness: () => Record<string, boolean>;
  publicDir: string;
  logger?: FastifyServerOptions['loggerInstance'];
  /** Live streams open at once; MAX_LIVE_STREAMS unless a test wants fewer. */
  maxLiveStreams?: number;
  /** Proxies whose X-Forwarded-* headers are believed (ConsoleConfig.trustProxy); none by default. */
  trustProxy?: string;
}

/**
 * Scripts and styles come from this origin only: no inline script can run, so text an order
 * or a letter carries cannot become code even if it slipped into the markup.
 */
export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  // Not no-referrer: with it Chromium sends `Origin: null` on form posts, and the login's origin check needs the origin.
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
};

export async function buildApp(deps: ConsoleDeps): Promise<{ app: FastifyInstance; streams: LiveStreams }> {
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }),
    bodyLimit: 64 * 1024,
    requestTimeout: 10_000,
    // Node checks the request timeout only every 30 s by default, and a headersTimeout above it
    // (60 s by default) left a trickling client alone for over a minute (order-api's app.ts).
    http: { headersTimeout: 10_000, connectionsCheckingInterval: 1_000 },
    // Request lines would carry query strings; the console logs what it does instead.
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
    trustProxy: deps.trustProxy ?? false,
  });
  const streams = new LiveStreams(deps.maxLiveStreams);
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4_096 }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  app.addHook('onSend', async (_request, reply) => {
    void reply.headers(SECURITY_HEADERS);
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
  });
  // Open event streams would keep the server from closing.
  app.addHook('preClose', async () => streams.closeAll());

  app.get('/favicon.ico', async (_request, reply) => reply.code(204).send());
  app.get('/health/live', async () => ({ status: 'ok' }));
  app.get('/health/ready', async (_request, reply) => {
    const checks = deps.readiness();
    const ready = Object.values(checks).every(Boolean);
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ok' : 'unavailable', checks });
  });
  await pageRoutes(app, deps);
  await apiRoutes(app, deps, streams);
  metricsRoute(app, deps);
  return { app, streams };
}
