// W3C trace context from the HTTP request to the listener, through a real broker: order-api and
// a listener export their spans over OTLP/HTTP to a receiver inside this test. The request's
// SERVER span continues the caller's traceparent, the Kafka send is its PRODUCER child, and the
// listener's CONSUMER span is the send's child; each app's log line about the order names its span.
import { createServer, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { firstIdWithoutCardNumber } from '@tacocloud/messaging';
import { postOrder, uniqueName, waitFor, type RunningProcess } from '@tacocloud/messaging/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startListener, startOrderApi } from './apps.js';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: { key: string; value: { stringValue?: string; intValue?: string | number } }[];
}

/** A span's attributes by name; OTLP/JSON may give an int64 as a number or as text. */
const attributesOf = (span: OtlpSpan) =>
  Object.fromEntries((span.attributes ?? []).map(({ key, value }) => [key, value.stringValue ?? Number(value.intValue)]));

/** OTLP span kinds (opentelemetry-proto): SERVER 2, PRODUCER 4, CONSUMER 5. */
const KIND = { server: 2, producer: 4, consumer: 5 };

const spans: OtlpSpan[] = [];
let receiver: Server;
let endpoint: string;
const processes: RunningProcess[] = [];

/**
 * A random id of `bytes` bytes in hex that order-api will continue: it restarts a trace whose
 * ids hold a Luhn-valid run of digits, as about 1 in 100 random trace ids do (a CI run failed so).
 */
const callerId = (bytes: number) => firstIdWithoutCardNumber(() => randomBytes(bytes).toString('hex'));

/** Ids arrive as hex in OTLP/JSON; a receiver following the proto3 JSON mapping strictly would see base64. */
const hex = (id: string | undefined) => (id === undefined || /^[0-9a-f]*$/.test(id) ? id : Buffer.from(id, 'base64').toString('hex'));

beforeAll(async () => {
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.url === '/v1/traces' && request.headers['content-type']?.startsWith('application/json')) {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[];
        };
        for (const span of body.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans))) {
          spans.push({
            ...span,
            traceId: hex(span.traceId)!,
            spanId: hex(span.spanId)!,
            parentSpanId: hex(span.parentSpanId) || undefined,
          });
        }
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const address = receiver.address();
  endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop('SIGKILL')));
  await new Promise((resolve) => receiver.close(resolve));
});

describe('trace context from POST /orders to the listener', () => {
  it('the HTTP, produce and handle spans should share the caller’s trace with the right parents, and the log lines name them', async () => {
    const topic = uniqueName('traced-orders');
    const env = {
      KAFKA_BROKERS: inject('kafkaBrokers'),
      ORDERS_TOPIC: topic,
      ORDER_LISTENER_GROUP: uniqueName('traced-listener'),
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      // Export within a fraction of a second instead of the SDK's default 5 s.
      OTEL_BSP_SCHEDULE_DELAY: '100',
    };
    const listener = await startListener(env);
    processes.push(listener);
    const api = await startOrderApi(env);
    processes.push(api);

    const traceId = callerId(16);
    const callerSpanId = callerId(8);
    const response = await postOrder(api.baseUrl, { traceparent: `00-${traceId}-${callerSpanId}-01` });
    expect(response.status).toBe(202);
    const { orderId, partition, offset } = (await response.json()) as { orderId: string; partition: number; offset: string };

    const inTrace = () => spans.filter((span) => span.traceId === traceId);
    await waitFor(() => inTrace().some((span) => span.kind === KIND.consumer), { timeoutMs: 30_000, message: 'the listener’s span' });
    await waitFor(() => inTrace().some((span) => span.kind === KIND.server), { timeoutMs: 10_000, message: 'the HTTP span' });
    const server = inTrace().find((span) => span.kind === KIND.server)!;
    const producer = inTrace().find((span) => span.kind === KIND.producer)!;
    const consumer = inTrace().find((span) => span.kind === KIND.consumer)!;
    expect(server).toMatchObject({ name: 'POST /orders', parentSpanId: callerSpanId });
    expect(producer).toMatchObject({ name: `send ${topic}`, parentSpanId: server.spanId });
    expect(consumer).toMatchObject({ name: `process ${topic}`, parentSpanId: producer.spanId });
    expect(attributesOf(consumer)).toMatchObject({
      'messaging.system': 'kafka',
      'messaging.destination.name': topic,
      'messaging.destination.partition.id': String(partition),
      'messaging.kafka.offset': Number(offset),
      'messaging.consumer.group.name': env.ORDER_LISTENER_GROUP,
    });

    const accepted = JSON.parse(api.lines.find((line) => line.includes('"msg":"Order accepted"'))!) as Record<string, unknown>;
    expect(accepted).toMatchObject({ orderId, trace_id: traceId, span_id: server.spanId });
    const received = JSON.parse(listener.lines.find((line) => line.includes(`Received order ${orderId}`))!) as Record<string, unknown>;
    expect(received).toMatchObject({ trace_id: traceId, span_id: consumer.spanId });
  }, 120_000);
});
