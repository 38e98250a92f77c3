import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../testing/seeded-random.js';
import { groupMessagesPerPartition } from './kafkajs-preload.js';

const require = createRequire(import.meta.url);
const workspaceRoot = fileURLToPath(new URL('../../../../', import.meta.url));

type Group = typeof groupMessagesPerPartition<{ id: number; partition: number }>;

/** kafkajs's own grouping, evaluated from its file: the module cache may hold ours in its place. */
function kafkajsGrouping(): Group {
  const source = readFileSync(require.resolve('kafkajs/src/producer/groupMessagesPerPartition.js'), 'utf8');
  const module = { exports: undefined as unknown as Group };
  new Function('module', source)(module);
  return module.exports;
}

/** Which grouping kafkajs's sends use once `imports` (ESM, in order) have loaded: ours has a name, kafkajs's is anonymous. */
function groupingAfter(imports: string[]): string {
  const script =
    imports.map((specifier) => `import '${specifier}';`).join('') +
    "import { createRequire } from 'node:module';" +
    "const name = createRequire(process.cwd() + '/').call(null, 'kafkajs/src/producer/groupMessagesPerPartition.js').name;" +
    "console.log(name || 'kafkajs');";
  return execFileSync(process.execPath, ['--import', 'tsx', '--conditions=@tacocloud/source', '--input-type=module', '-e', script], {
    cwd: workspaceRoot,
    encoding: 'utf8',
  }).trim();
}

describe('groupMessagesPerPartition', () => {
  it("should give each partition's records in the order sent, as kafkajs's own grouping does", () => {
    const theirs = kafkajsGrouping();
    const next = seededRandom(21);
    for (let round = 0; round < 200; round++) {
      const partitions = 1 + Math.floor(next() * 12);
      const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({ partitionId }));
      const messages = Array.from({ length: Math.floor(next() * 300) }, (_, id) => ({ id, partition: Math.floor(next() * partitions) }));
      const args = {
        topic: 'orders',
        partitionMetadata,
        messages,
        partitioner: ({ message }: { message: { partition: number } }) => message.partition,
      };
      expect(groupMessagesPerPartition(args), `round ${round}`).toEqual(theirs(args));
    }
  });

  it('should give no groups for a topic without partition metadata, as kafkajs does', () => {
    const args = { topic: 'orders', partitionMetadata: [], messages: [{ id: 1, partition: 0 }], partitioner: () => 0 };
    expect(groupMessagesPerPartition(args)).toEqual({});
    expect(kafkajsGrouping()(args)).toEqual({});
  });

  it("should take kafkajs's place when the library loads before kafkajs, and leave kafkajs's own when it loaded after", () => {
    expect(groupingAfter(['@tacocloud/messaging'])).toBe('groupMessagesPerPartition');
    expect(groupingAfter(['@tacocloud/messaging/testing'])).toBe('groupMessagesPerPartition');
    expect(groupingAfter(['kafkajs', '@tacocloud/messaging'])).toBe('kafkajs');
  });
});
