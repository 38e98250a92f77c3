// @tacocloud/contract as another team gets it: packed with `npm pack`, installed into a project
// outside this workspace with no Kafka client anywhere in its tree, type-checked and run.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const libDir = fileURLToPath(new URL('..', import.meta.url));
const tsc = join(libDir, '../../node_modules/typescript/bin/tsc');
const run = (command: string, args: string[], cwd: string) =>
  execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

const CONSUMER = `
import { DltHeaders, Headers, OrderPlacedV1, publishedJsonSchemas, SAMPLE_ORDER, TacoOrder, upcastOrderPlacedV1, type OrderPlaced } from '@tacocloud/contract';

const order = TacoOrder.parse(SAMPLE_ORDER);
const v1 = OrderPlacedV1.parse({
  eventId: '3f2c8a9e-5d1b-4c7a-9e0f-1a2b3c4d5e6f', orderId: '4f2c8a9e-5d1b-4c7a-9e0f-1a2b3c4d5e6f', placedAt: '2026-11-25T10:00:00Z',
  deliveryName: order.deliveryName, deliveryStreet: order.deliveryStreet, deliveryCity: order.deliveryCity,
  deliveryState: order.deliveryState, deliveryZip: order.deliveryZip,
  tacos: [{ name: 'Taco Tuesday', ingredients: [{ id: 'FLTO', name: 'Flour Tortilla', type: 'WRAP' }] }],
  payment: { cardLast4: '1111', cardExpiration: '10/29' },
});
const current: OrderPlaced = upcastOrderPlacedV1(v1);
console.log(JSON.stringify({ city: current.delivery.city, header: Headers.messageType, dlt: DltHeaders.reason, schemas: publishedJsonSchemas().length }));
`;

// Found by a hostile review: CommonJS projects and TypeScript's node10 resolution could not
// find the package, and its JSON Schemas could not be imported.
const CJS_CONSUMER = `
const { Headers, OrderPlacedV2 } = require('@tacocloud/contract');
const schema = require('@tacocloud/contract/schemas/order-placed.v2.schema.json');
console.log(JSON.stringify({ header: Headers.messageType, schema: schema.$id, validates: typeof OrderPlacedV2.safeParse }));
`;
const NODE10_CONSUMER = `import { Headers } from '@tacocloud/contract';\nexport const header: string = Headers.messageType;\n`;

describe('the packed @tacocloud/contract package', () => {
  const project = mkdtempSync(join(tmpdir(), 'contract-user-'));
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it('should install with zod and no Kafka client in its tree, type-check and run', { timeout: 240_000 }, () => {
    rmSync(join(libDir, 'dist'), { recursive: true, force: true });
    run(process.execPath, [tsc, '-p', 'tsconfig.build.json'], libDir);
    const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', project], libDir)) as {
      filename: string;
      files: { path: string }[];
    }[];
    const files = packed!.files.map((f) => f.path);
    expect(files).toEqual(
      expect.arrayContaining(['package.json', 'dist/index.js', 'dist/index.d.ts', 'schemas/order-placed.v1.schema.json']),
    );
    expect(files.filter((f) => f.startsWith('src/') || f.includes('.test.'))).toEqual([]);

    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'contract-user', private: true, type: 'module' }));
    run(
      'npm',
      ['install', '--no-audit', '--no-fund', '--prefer-offline', `./${packed!.filename}`, 'typescript@5.9.3', '@types/node@24'],
      project,
    );
    const tree = JSON.parse(run('npm', ['ls', '--all', '--json', '--omit=dev'], project)) as object;
    expect(JSON.stringify(tree)).not.toMatch(/"kafkajs"/);
    expect(existsSync(join(project, 'node_modules/kafkajs'))).toBe(false);
    expect(existsSync(join(project, 'node_modules/zod'))).toBe(true);

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
    run(process.execPath, [join(project, 'node_modules/typescript/bin/tsc'), '-p', '.'], project);
    const output = JSON.parse(run(process.execPath, ['dist/consumer.js'], project).trim());
    expect(output).toEqual({ city: 'Foodsville', header: 'message-type', dlt: 'dlt-reason', schemas: 2 });
    writeFileSync(join(project, 'cjs-consumer.cjs'), CJS_CONSUMER);
    expect(JSON.parse(run(process.execPath, ['cjs-consumer.cjs'], project).trim())).toEqual({
      header: 'message-type',
      schema: 'https://tacocloud.example/schemas/order-placed.v2.schema.json',
      validates: 'function',
    });
    writeFileSync(join(project, 'legacy.ts'), NODE10_CONSUMER);
    writeFileSync(
      join(project, 'tsconfig.legacy.json'),
      JSON.stringify({
        // As `tsc --init` writes them, but for the resolution.
        compilerOptions: {
          target: 'ES2022',
          module: 'CommonJS',
          moduleResolution: 'node10',
          esModuleInterop: true,
          skipLibCheck: true,
          strict: true,
          noEmit: true,
        },
        files: ['legacy.ts'],
      }),
    );
    run(process.execPath, [join(project, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.legacy.json'], project);
    const installed = JSON.parse(readFileSync(join(project, 'node_modules/@tacocloud/contract/package.json'), 'utf8'));
    expect(installed.dependencies).toEqual({ zod: expect.any(String) });
  });
});
