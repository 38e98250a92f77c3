// The single broker is stopped for 15 s and restarted while orders flow through order-api:
// nothing answered 202 may be lost, and the listener must resume by itself, unready while it
// cannot reach Kafka and ready again after. The test runs
// its own broker (not the shared test broker) because it stops it.
import { request } from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { nodeAction, startCluster, stopCluster, type RunningCluster } from '@tacocloud/kafka-tools';
import { SAMPLE_ORDER, uniqueName, waitFor, type RunningProcess } from '@tacocloud/messaging/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handledOrderIds, startListener, startOrderApi } from './apps.js';
import { groupProgress } from './cluster-state.js';
import { findBatch } from './log-segments.js';
import { startOrderLoad, type Answer } from './order-load.js';

const CLUSTER = 'broker-restart';
/** The outage the issue asks for; it is the fault itself, not a wait for a condition. */
const OUTAGE_MS = 15_000;
/** Far beyond the test's own time limit, so only a fault of ours can make that listener exit. */
const PATIENT_EXIT_MS = 600_000;
/** Missing orders shown one by one when some are: the report must fit the part of the output CI keeps. */
const SHOWN_MISSING = 10;

describe('a broker restart under load', () => {
  let cluster: RunningCluster;
  const processes: RunningProcess[] = [];

  beforeAll(async () => {
    cluster = await startCluster({ name: CLUSTER, basePort: 29300, fresh: true, ownerPid: process.pid });
  }, 120_000);
  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop('SIGKILL')));
    await stopCluster({ name: CLUSTER });
  }, 60_000);

  it('should lose no order answered 202, and the listener should resume by itself', { timeout: 240_000 }, async () => {
    const env = { KAFKA_BROKERS: cluster.bootstrap, ORDERS_TOPIC: uniqueName('orders'), ORDER_LISTENER_GROUP: uniqueName('kitchen') };
    const api = await startOrderApi({ ...env, ORDER_SEND_TIMEOUT_MS: '3000' });
    // This listener must outlast the outage whatever the machine's speed: giving up is the
    // impatient one's part, and a listener that never resumes still fails the wait below.
    const listener = await startListener({ ...env, KAFKA_UNREACHABLE_EXIT_MS: String(PATIENT_EXIT_MS) });
    const impatient = await startListener({ ...env, ORDER_LISTENER_GROUP: uniqueName('impatient'), KAFKA_UNREACHABLE_EXIT_MS: '6000' });
    const leaving = await startOrderApi(env);
    processes.push(api, listener, impatient, leaving);

    const load = startOrderLoad({ baseUrl: api.baseUrl, ratePerSecond: 40 });
    await waitFor(() => load.result.accepted.size >= 100, { message: '100 orders accepted before the fault' });
    await nodeAction(1, 'stop', { name: CLUSTER });
    const stoppedAt = Date.now();
    // An order-api told to stop during the outage answers its order in flight and exits 0.
    const { sent, status: inFlight } = postOrder(leaving.baseUrl);
    await sent;
    leaving.child.kill('SIGTERM');
    const leavingExit = leaving.exited;
    // Out of touch with Kafka for a session timeout (10 s), the listener says it is not ready.
    // The outage lasts until it has said so, should a busy machine make that later than 15 s.
    const health = JSON.parse(await listener.waitForLine(/order-listener started/)).health as string;
    await waitFor(async () => (await readiness(health)) === 503, {
      timeoutMs: 4 * OUTAGE_MS,
      message: '/health/ready to answer 503 during the outage',
    });
    await sleep(Math.max(0, OUTAGE_MS - (Date.now() - stoppedAt)));
    await nodeAction(1, 'restart', { name: CLUSTER });
    const restartedAt = Date.now();
    await waitFor(() => load.acceptedSince(restartedAt) >= 100, { timeoutMs: 60_000, message: '100 orders accepted after the restart' });
    const result = await load.stop();

    const accepted = [...result.accepted.keys()];
    // A timeout here is not an error of its own: what is missing is counted and explained below.
    await waitFor(
      () => {
        const handled = new Set(handledOrderIds(listener));
        return accepted.every((id) => handled.has(id));
      },
      { timeoutMs: 90_000, message: 'every accepted order to be handled' },
    ).catch(() => undefined);
    const deliveries = handledOrderIds(listener);
    const handled = new Set(deliveries);
    const missing = accepted.filter((id) => !handled.has(id));
    const lost = missing.length;
    // In the assertion's message, so that it is in the failure report CI keeps.
    const why =
      lost > 0
        ? await whyUnhandled(
            cluster,
            env,
            missing.map((id) => result.accepted.get(id)!),
            listener,
          )
        : '';
    const rejoinedAt = joinedAfter(listener, stoppedAt);
    const firstAfter = Math.min(...[...result.accepted.values()].map((a) => a.answeredAt).filter((at) => at > stoppedAt));
    console.log(
      [
        `broker restart: single broker stopped for ${OUTAGE_MS / 1000} s under ${40} orders/s`,
        '| sent | 202 | 503 | other | handled | lost | duplicates | first 202 after the stop | listener rejoined after the stop |',
        `| ${result.sent} | ${accepted.length} | ${result.statuses.get(503) ?? 0} | ${result.sent - accepted.length - (result.statuses.get(503) ?? 0)} | ${handled.size} | ${lost} | ${deliveries.length - handled.size} | ${((firstAfter - stoppedAt) / 1000).toFixed(1)} s | ${rejoinedAt === undefined ? 'not yet' : `${((rejoinedAt - stoppedAt) / 1000).toFixed(1)} s`} |`,
      ].join('\n'),
    );
    expect(lost, why).toBe(0);
    expect(result.statuses.get(503) ?? 0).toBeGreaterThan(0);
    expect(result.statuses.get(500) ?? 0).toBe(0);
    expect(listener.child.exitCode).toBeNull();
    await waitFor(async () => (await readiness(health)) === 200, { message: '/health/ready to answer 200 after the restart' });
    expect(handledOrderIds(listener).some((id) => (result.accepted.get(id)?.answeredAt ?? 0) > restartedAt)).toBe(true);

    expect(await inFlight).toBe(503);
    expect(await leavingExit).toBe(0);

    // A listener with a short KAFKA_UNREACHABLE_EXIT_MS gave up during the outage, loudly.
    expect(await impatient.exited).toBe(1);
    expect(impatient.lines.join('\n')).toMatch(/Kafka unreachable for \d+ s \(limit KAFKA_UNREACHABLE_EXIT_MS=6000\); exiting/);
  });
});

/** When the listener first joined its group again after `since`, from its own log. */
function joinedAfter(listener: RunningProcess, since: number): number | undefined {
  const joins = listener.lines.flatMap((line) => {
    const time = /"time":"([^"]+)".*"msg":"Joined consumer group"/.exec(line)?.[1];
    return time ? [Date.parse(time)] : [];
  });
  return joins.find((at) => at > since);
}

/**
 * Tells a record Kafka never had (a 202 that lied) from one the listener did not reach (stuck)
 * or skipped (committed past it): where each missing order is, and the listener's last words.
 */
async function whyUnhandled(
  cluster: RunningCluster,
  env: { KAFKA_BROKERS: string; ORDERS_TOPIC: string; ORDER_LISTENER_GROUP: string },
  missing: Answer[],
  listener: RunningProcess,
): Promise<string> {
  const progress = await groupProgress(env.KAFKA_BROKERS, env.ORDER_LISTENER_GROUP, env.ORDERS_TOPIC).catch(
    (error: Error) => error.message,
  );
  const dataDir = cluster.nodes[0]!.dataDir;
  const where = missing.map((answer) => {
    const atOffset = findBatch(join(dataDir, `${env.ORDERS_TOPIC}-${answer.partition}`), BigInt(answer.offset!));
    const inLog = !atOffset
      ? 'NOT in the broker log, which has no record at that offset'
      : atOffset.bytes.includes(Buffer.from(answer.orderId!))
        ? 'in the broker log'
        : 'NOT in the broker log, which has another order at that offset (an answer given for another batch)';
    return `  ${answer.orderId} at ${answer.partition}@${answer.offset}, 202 at ${new Date(answer.answeredAt).toISOString()}, ${inLog}`;
  });
  const shown =
    typeof progress === 'string' ? progress : progress.map((p) => `p${p.partition} committed ${p.committed} end ${p.end}`).join('; ');
  return [
    `${missing.length} accepted order(s) not handled:`,
    ...where.slice(0, SHOWN_MISSING),
    ...(where.length > SHOWN_MISSING ? [`  and ${where.length - SHOWN_MISSING} more`] : []),
    `group ${env.ORDER_LISTENER_GROUP}: ${shown}`,
    `listener ${listener.child.exitCode === null ? 'still running' : `exited with ${listener.child.exitCode}`}, last lines:`,
    ...listener.lines.slice(-20),
  ].join('\n');
}

async function readiness(health: string): Promise<number> {
  return (await fetch(`${health}/health/ready`, { signal: AbortSignal.timeout(5_000) })).status;
}

/** POSTs an order; `sent` resolves once the whole request is on the wire, `status` with the answer. */
function postOrder(baseUrl: string): { sent: Promise<void>; status: Promise<number> } {
  const body = JSON.stringify(SAMPLE_ORDER);
  let sent!: Promise<void>;
  const status = new Promise<number>((resolve, reject) => {
    const post = request(
      `${baseUrl}/orders`,
      { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    post.once('error', reject);
    sent = new Promise((done) => post.once('finish', done));
    post.end(body);
  });
  return { sent, status };
}
