// @tacocloud/messaging as another team gets it: packed with `npm pack`, installed into a
// project outside this workspace, type-checked and run against the real broker.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { SAMPLE_ORDER } from '@tacocloud/contract';
import { uniqueName } from './testing/kafka.js';

const libDir = fileURLToPath(new URL('..', import.meta.url));
const contractDir = fileURLToPath(new URL('../../contract/', import.meta.url));
const run = (command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) =>
  execFileSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });

const CONSUMER = `
import { readFileSync } from 'node:fs';
import {
  createKafkaClient, ensureTopics, OrderPlacedV1, ordersTopic, silentLogger, TacoOrder, toOrderPlaced, TypedProducer,
  type OrderPlaced, type SendResult,
} from '@tacocloud/messaging';

// Decode an OrderPlaced the way a consumer of the topic would: JSON, then the schema.
const received: OrderPlacedV1 = OrderPlacedV1.parse(JSON.parse(readFileSync('event.json', 'utf8')));
const current: OrderPlaced = { ...received, delivery: { name: received.deliveryName, street: received.deliveryStreet,
  city: received.deliveryCity, state: received.deliveryState, zip: received.deliveryZip } };

// Send one with the typed producer's API.
const kafka = createKafkaClient({ brokers: process.env.KAFKA_BROKERS!.split(','), clientId: 'other-team', logger: silentLogger });
const topic = ordersTopic({ name: process.env.TOPIC!, partitions: 1 });
await ensureTopics(kafka, [topic], silentLogger);
const producer = new TypedProducer({ kafka, defaultTopic: topic });
await producer.start();
const order = TacoOrder.parse(JSON.parse(readFileSync('order.json', 'utf8')));
const result: SendResult = await producer.sendDefault(toOrderPlaced(order, { orderId: received.orderId, placedAt: new Date() }));
await producer.stop();
console.log(JSON.stringify({ decoded: received.orderId, city: current.delivery.city, sent: result }));
`;

describe('the packed @tacocloud/messaging package', () => {
  const project = mkdtempSync(join(tmpdir(), 'other-team-'));
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it('npm pack should ship ESM with types, and work from a project outside the workspace', { timeout: 240_000 }, () => {
    rmSync(join(libDir, 'dist'), { recursive: true, force: true });
    run(process.execPath, [join(libDir, '../../node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], libDir);
    // The contract package is not on a registry either: it is packed and installed beside,
    // built in a copy so that this test never touches the dist/ the contract's own test packs.
    const contractCopy = join(project, 'contract-package');
    run(
      process.execPath,
      [join(libDir, '../../node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', join(contractCopy, 'dist')],
      contractDir,
    );
    for (const entry of ['package.json', 'schemas']) cpSync(join(contractDir, entry), join(contractCopy, entry), { recursive: true });
    const [contract] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', project], contractCopy)) as { filename: string }[];
    const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', project], libDir)) as {
      filename: string;
      files: { path: string }[];
    }[];
    const files = packed!.files.map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(['package.json', 'dist/index.js', 'dist/index.d.ts', 'dist/testing/index.js']));
    expect(files.filter((f) => f.startsWith('src/') || f.includes('.test.'))).toEqual([]);

    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'other-team', private: true, type: 'module' }));
    run(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--prefer-offline',
        `./${contract!.filename}`,
        `./${packed!.filename}`,
        'typescript@5.9.3',
        '@types/node@24',
      ],
      project,
    );
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          outDir: 'dist',
          types: ['node'],
        },
      }),
    );
    writeFileSync(join(project, 'consumer.ts'), CONSUMER);
    const orderId = crypto.randomUUID();
    const event = {
      eventId: crypto.randomUUID(),
      orderId,
      placedAt: new Date().toISOString(),
      deliveryName: 'Ann',
      deliveryStreet: '1 Main St',
      deliveryCity: 'Denver',
      deliveryState: 'CO',
      deliveryZip: '80202',
      payment: { cardLast4: '1111', cardExpiration: '10/29' },
      tacos: [{ name: 'Taco Tuesday', ingredients: [{ id: 'FLTO', name: 'Flour Tortilla', type: 'WRAP' }] }],
    };
    writeFileSync(join(project, 'event.json'), JSON.stringify(event));
    writeFileSync(join(project, 'order.json'), JSON.stringify(SAMPLE_ORDER));

    run(process.execPath, [join(project, 'node_modules/typescript/bin/tsc'), '-p', '.'], project);
    const output = run(process.execPath, ['dist/consumer.js'], project, {
      KAFKA_BROKERS: inject('kafkaBrokers'),
      TOPIC: uniqueName('other-team'),
    });
    const result = JSON.parse(output.trim().split('\n').pop()!);
    expect(result).toMatchObject({ decoded: orderId, city: 'Denver', sent: { partition: 0, offset: '0', key: orderId } });
    const installed = JSON.parse(readFileSync(join(project, 'node_modules/@tacocloud/messaging/package.json'), 'utf8'));
    expect(installed.version).toBe(JSON.parse(readFileSync(join(libDir, 'package.json'), 'utf8')).version);
  });
});
