// The pages and their assets: small hand-written files read once at start and served from
// memory (no CDN, no directory listing, nothing outside the list), and the login form that
// turns the operator token into a session cookie.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { clearedSessionCookie, sameOrigin, sessionCookie } from './access.js';
import type { ConsoleDeps } from './app.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};
const PAGES = ['live.html', 'operations.html', 'login.html', 'disabled.html'] as const;
const ASSETS = ['console.css', 'common.js', 'live.js', 'operations.js', 'login.js'] as const;

type Page = (typeof PAGES)[number];

export async function pageRoutes(app: FastifyInstance, { access, publicDir }: ConsoleDeps): Promise<void> {
  const files = new Map<string, Buffer>([...PAGES, ...ASSETS].map((name) => [name, readFileSync(join(publicDir, name))]));
  const send = (reply: FastifyReply, name: string, code = 200) =>
    reply
      .code(code)
      .type(TYPES[name.slice(name.lastIndexOf('.'))]!)
      .send(files.get(name));
  const page = (reply: FastifyReply, name: Page, code = 200) => send(reply, name, code);

  for (const asset of ASSETS) {
    app.get(`/assets/${asset}`, async (_request, reply) => {
      void reply.header('cache-control', 'no-cache');
      return send(reply, asset);
    });
  }
  app.get('/', async (_request, reply) => page(reply, 'live.html'));
  app.get('/operations', async (request, reply) => {
    if (!access.enabled) return page(reply, 'disabled.html', 503);
    if (!access.session(request)) return reply.redirect('/login', 303);
    return page(reply, 'operations.html');
  });
  app.get('/login', async (_request, reply) => (access.enabled ? page(reply, 'login.html') : page(reply, 'disabled.html', 503)));
  app.post('/login', async (request: FastifyRequest<{ Body: { token?: unknown } | undefined }>, reply) => {
    if (!access.enabled) return page(reply, 'disabled.html', 503);
    // Another site must not log a visitor's browser in (login CSRF).
    if (!sameOrigin(request)) return reply.code(403).send({ error: 'Cross-site login refused.' });
    if (!access.mayTry(request.ip)) return reply.redirect('/login?failed=busy', 303);
    const token = request.body?.token;
    const session = access.login(typeof token === 'string' ? token.trim() : undefined, request.ip);
    if (!session) {
      request.log.warn({ client: request.ip }, 'Operator login refused: wrong token');
      return reply.redirect('/login?failed=token', 303);
    }
    request.log.info('Operator logged in');
    return reply.header('set-cookie', sessionCookie(session, request.protocol === 'https')).redirect('/operations', 303);
  });
  app.post('/logout', async (request, reply) => {
    if (!sameOrigin(request)) return reply.code(403).send({ error: 'Cross-site request refused.' });
    access.logout(request);
    return reply.header('set-cookie', clearedSessionCookie()).redirect('/', 303);
  });
}
