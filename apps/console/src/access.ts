// Who may see the operations page and replay letters: whoever holds the operator token, sent
// as `Authorization: Bearer` (scripts) or exchanged once at the login form for a session
// cookie (HttpOnly, SameSite=Strict). A cookie rides along with any request the browser
// makes, so a state-changing request with it must also carry the session's CSRF token, which
// only the console's own pages can read, and come from the console's own origin.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Secret } from '@tacocloud/messaging';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'console_session';
export const CSRF_HEADER = 'x-csrf-token';
const SESSION_TTL_MS = 8 * 3_600_000;
/** Sessions held at once: a flood of logins cannot grow memory without bound. */
const MAX_SESSIONS = 1_000;
/**
 * Wrong tokens per minute from one client, at the login form and as a Bearer header alike; an
 * IPv6 client is its /64, which one host usually holds whole. There is no limit for all clients
 * together: 20 addresses sending 10 wrong tokens each held one, and then refused the operator's
 * right token too (a hostile review). Guessing a token of 16 characters or more stays hopeless
 * at 10 a minute an address; many addresses guessing at once are logged (GUESSING_ALARM).
 */
const MAX_FAILURES_PER_CLIENT_PER_MINUTE = 10;
/** Wrong tokens a minute from all clients together that are logged as a warning (once a minute). */
const GUESSING_ALARM = 200;
/** Client addresses remembered at once: a flood from many addresses cannot grow memory without bound. */
const MAX_CLIENTS_TRACKED = 10_000;

/** Whom a limit counts: an IPv4 address, or the /64 an IPv6 address is in. */
export function clientKey(address: string): string {
  if (!address.includes(':') || address.toLowerCase().startsWith('::ffff:')) return address;
  const [head = '', tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((group) => (Number.parseInt(group, 16) || 0).toString(16))
    .join(':')}::/64`;
}

export interface Session {
  csrf: string;
  expires: number;
}

export type Operator = { via: 'bearer' } | { via: 'session'; session: Session };

export class OperatorAccess {
  private readonly sessions = new Map<string, Session>();
  /** Wrong tokens from all clients in the minute from `from`, for the alarm only. */
  private everyone = { from: -Infinity, count: 0 };
  private readonly failedByClient = new Map<string, number[]>();

  constructor(
    private readonly token: Secret | undefined,
    private readonly now: () => number = Date.now,
    private readonly logger: Pick<FastifyBaseLogger, 'warn'> | undefined = undefined,
  ) {}

  get enabled(): boolean {
    return this.token !== undefined;
  }

  /** Constant time in the candidate's content: both sides are hashed to the same length first. */
  tokenMatches(candidate: string | undefined): boolean {
    if (this.token === undefined || candidate === undefined) return false;
    return timingSafeEqual(digest(candidate), digest(this.token.reveal()));
  }

  /** False while this client (an address, or an IPv6 /64) sent too many wrong tokens in the last minute. */
  mayTry(address: string): boolean {
    const client = clientKey(address);
    const minuteAgo = this.now() - 60_000;
    const own = (this.failedByClient.get(client) ?? []).filter((at) => at > minuteAgo);
    if (own.length === 0) this.failedByClient.delete(client);
    else this.failedByClient.set(client, own);
    return own.length < MAX_FAILURES_PER_CLIENT_PER_MINUTE;
  }

  private recordFailure(address: string): void {
    const client = clientKey(address);
    const at = this.now();
    if (at - this.everyone.from >= 60_000) this.everyone = { from: at, count: 0 };
    if (++this.everyone.count === GUESSING_ALARM) {
      this.logger?.warn(
        { wrongTokens: GUESSING_ALARM, withinSeconds: Math.ceil((at - this.everyone.from) / 1_000), clients: this.failedByClient.size },
        'Many wrong operator tokens from many clients: someone may be guessing the token',
      );
    }
    const own = this.failedByClient.get(client) ?? [];
    if (own.length === 0 && this.failedByClient.size >= MAX_CLIENTS_TRACKED) {
      this.failedByClient.delete(this.failedByClient.keys().next().value!);
    }
    this.failedByClient.set(client, [...own, at]);
  }

  /** A new session id when the token matches; a wrong one counts against the client. */
  login(candidate: string | undefined, client: string): string | undefined {
    if (!this.tokenMatches(candidate)) {
      this.recordFailure(client);
      return undefined;
    }
    if (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!);
    const id = randomBytes(32).toString('base64url');
    this.sessions.set(id, { csrf: randomBytes(32).toString('base64url'), expires: this.now() + SESSION_TTL_MS });
    return id;
  }

  logout(request: FastifyRequest): void {
    const id = sessionIdOf(request);
    if (id !== undefined) this.sessions.delete(id);
  }

  session(request: FastifyRequest): Session | undefined {
    const id = sessionIdOf(request);
    const session = id === undefined ? undefined : this.sessions.get(id);
    if (!session) return undefined;
    if (session.expires <= this.now()) {
      this.sessions.delete(id!);
      return undefined;
    }
    return session;
  }

  /** The operator behind a request, or undefined; a wrong Bearer token counts against the client. */
  operator(request: FastifyRequest): Operator | undefined {
    const bearer = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (bearer !== undefined) {
      if (this.tokenMatches(bearer.trim())) return { via: 'bearer' };
      this.recordFailure(request.ip);
      request.log.warn({ client: request.ip }, 'Operator request refused: wrong Bearer token');
      return undefined;
    }
    const session = this.session(request);
    return session ? { via: 'session', session } : undefined;
  }

  /**
   * Fastify preHandler for operator-only routes. A bearer request cannot be forged by another
   * site (a browser never adds that header by itself); a cookie request that changes state
   * must prove it came from our page.
   */
  readonly guard = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (!this.enabled) {
      return void (await reply.code(503).send({ error: 'The operations console is disabled: CONSOLE_OPERATOR_TOKEN is not set.' }));
    }
    if (request.headers.authorization !== undefined && !this.mayTry(request.ip)) {
      return void (await reply
        .code(429)
        .header('retry-after', '60')
        .send({ error: 'Too many wrong operator tokens from here; try again in a minute.' }));
    }
    const operator = this.operator(request);
    if (!operator) return void (await reply.code(401).send({ error: 'The operator token is missing or wrong.' }));
    if (request.method === 'GET' || operator.via === 'bearer') return;
    const csrf = request.headers[CSRF_HEADER];
    if (!sameOrigin(request) || typeof csrf !== 'string' || !equalText(csrf, operator.session.csrf)) {
      return void (await reply.code(403).send({ error: 'Cross-site request refused: reload the page and try again.' }));
    }
  };
}

/**
 * An Origin header, when the browser sent one, must be this console's own: its host as the
 * browser saw it, which a trusted proxy passes in X-Forwarded-Host (Fastify's request.host)
 * when it sends its upstream's address as Host.
 */
export function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return request.headers['sec-fetch-site'] !== 'cross-site';
  return URL.canParse(origin) && new URL(origin).host === request.host;
}

export function sessionCookie(id: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${SESSION_TTL_MS / 1_000}${secure ? '; Secure' : ''}`;
}

export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`;
}

function sessionIdOf(request: FastifyRequest): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=');
  }
  return undefined;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

function equalText(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}
