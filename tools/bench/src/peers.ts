// Our apps against the peers a team would otherwise pick, on the same broker, payload and CPU
// pinning: order-api, the Spring Boot original and the NestJS app under the same autocannon
// load; order-listener, the Spring @KafkaListener and the Nest consumer draining the same
// pre-filled topic. Each runs as its own process, so peak RSS is each one's own.
import { Kafka, logLevel } from 'kafkajs';
import type { OrdersTopic } from '@tacocloud/messaging';
import { runTypeScript, uniqueName, type RunningProcess } from '@tacocloud/messaging/testing';
import { startPeer, type PeerKind } from '@tacocloud/peers';
import { fillTopic } from './clients.js';
import { httpFigures, type HttpFigures } from './http.js';
import { CPU, peakRssMb, pinned, pinnedAsShipped, startApp, workspaceRoot } from './processes.js';
import type { Scale } from './scale.js';
import { figure, ratio, type Figure } from './stats.js';

export const CONTENDERS = ['ours', 'spring', 'nestjs'] as const;
export type Contender = (typeof CONTENDERS)[number];

export interface PeerReport {
  /** POST /orders: order-api, the Spring app, the NestJS app. */
  http: Record<Contender, HttpFigures & { peakRssMb: number }>;
  /** Records/s draining the pre-filled topic: order-listener, Spring listener, Nest consumer. */
  consumers: Record<Contender, { throughput: Figure; peakRssMb: number }>;
  /** Ours over each peer, medians: above 1 means ours is faster. */
  ratios: { orderApiOverSpring: number; orderApiOverNest: number; listenerOverSpring: number; listenerOverNest: number };
}

export interface PeerPhaseOptions {
  brokers: string;
  scale: Scale;
  newTopic: (name: string) => Promise<OrdersTopic>;
  log: (line: string) => void;
}

const ORDER_API = 'apps/order-api/src/main.ts';
const ORDER_LISTENER = 'apps/order-listener/src/main.ts';
/** How often the group's committed offsets are read while a consumer drains the topic. */
const POLL_MS = 50;
/** Far above any drain seen here (seconds); only a stuck consumer reaches it. */
const DRAIN_TIMEOUT_MS = 300_000;

export async function peerPhases({ brokers, scale, newTopic, log }: PeerPhaseOptions): Promise<PeerReport> {
  const pin = (command: string, args: string[]) => pinned(CPU.app, command, args);
  const http = {} as PeerReport['http'];
  for (const contender of CONTENDERS) {
    log(`peers, HTTP: ${contender}`);
    const topic = await newTopic(`peer-http-${contender}`);
    const env = { KAFKA_BROKERS: brokers, ORDERS_TOPIC: topic.name, LOG_LEVEL: 'warn' };
    const app =
      contender === 'ours'
        ? await startApp(ORDER_API, env, '/health/ready')
        : await startPeer(contender, { env, listen: false, wrap: pin, log }).then((peer) => ({ process: peer, baseUrl: peer.baseUrl! }));
    try {
      http[contender] = {
        ...(await httpFigures(app.baseUrl, scale, scale.runs, app.process.child.pid!)),
        peakRssMb: peakRssMb(app.process.child.pid!),
      };
    } finally {
      await app.process.stop('SIGTERM');
    }
  }

  const filled = await newTopic('peer-consume');
  await fillTopic(brokers, filled.name, scale.consumerRecords, 1);
  const consumers = {} as PeerReport['consumers'];
  for (const contender of CONTENDERS) {
    log(`peers, consumers: ${contender}`);
    const rates: number[] = [];
    let peak = 0;
    // A fresh process and group per run: JIT and connections start cold for every contender
    // alike, so there is no warm-up run.
    for (let run = 0; run < scale.runs; run++) {
      const groupId = uniqueName(`peer-${contender}`);
      const env = { KAFKA_BROKERS: brokers, ORDERS_TOPIC: filled.name, ORDER_LISTENER_GROUP: groupId, LOG_LEVEL: 'warn' };
      // Polling starts before the consumer is up: a fast one can drain the topic before a
      // start-up wait would end.
      let consumer: RunningProcess | undefined;
      let startFailed = false;
      const starting = (
        contender === 'ours'
          ? Promise.resolve(
              runTypeScript(ORDER_LISTENER, { ...env, HEALTH_PORT: '0' }, workspaceRoot, [], { wrap: pinnedAsShipped, built: true }),
            )
          : startPeer(contender as PeerKind, { env, http: false, wrap: pin, log })
      ).then(
        (started) => (consumer = started),
        (error: unknown) => {
          startFailed = true;
          throw error;
        },
      );
      try {
        const [rate] = await Promise.all([
          drainRate(
            brokers,
            filled.name,
            groupId,
            scale.consumerRecords,
            () => consumer,
            () => startFailed,
          ),
          starting,
        ]);
        rates.push(rate);
        peak = Math.max(peak, peakRssMb(consumer!.child.pid!));
      } finally {
        await consumer?.stop('SIGTERM');
      }
    }
    consumers[contender] = { throughput: figure(rates), peakRssMb: peak };
  }
  return {
    http,
    consumers,
    ratios: {
      orderApiOverSpring: ratio(http.ours.throughput, http.spring.throughput),
      orderApiOverNest: ratio(http.ours.throughput, http.nestjs.throughput),
      listenerOverSpring: ratio(consumers.ours.throughput, consumers.spring.throughput),
      listenerOverNest: ratio(consumers.ours.throughput, consumers.nestjs.throughput),
    },
  };
}

/**
 * Records/s of a consumer process, read from outside through its group's committed offsets:
 * from the last poll that saw nothing committed (group join and start-up excluded) to the
 * poll that sees every record committed. The same yardstick for every contender.
 */
async function drainRate(
  brokers: string,
  topic: string,
  groupId: string,
  records: number,
  consumer: () => RunningProcess | undefined,
  startFailed: () => boolean,
): Promise<number> {
  const admin = new Kafka({ clientId: 'bench-peers-admin', brokers: brokers.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const deadline = Date.now() + DRAIN_TIMEOUT_MS;
    let start = performance.now();
    for (;;) {
      const polled = performance.now();
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
      const committed = (offsets?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
      if (committed === 0) start = polled;
      if (committed >= records) return records / ((polled - start) / 1000);
      if (startFailed()) throw new Error('the consumer did not start');
      const running = consumer();
      const exited = running?.child.exitCode ?? null;
      if (exited !== null || Date.now() > deadline) {
        throw new Error(
          `consumer committed ${committed} of ${records} records and ${exited === null ? 'timed out' : `exited with ${exited}`}; its last output:\n${running?.lines.slice(-15).join('\n') ?? ''}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    await admin.disconnect();
  }
}
