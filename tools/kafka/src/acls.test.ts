import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ACL_TABLE, aclBindings, aclTableMarkdown, CLUSTER_RESOURCE, VALID_OPERATIONS } from './acls.js';
import { workspaceRoot } from './paths.js';
import { PRINCIPALS } from './security.js';

const read = (path: string) => readFileSync(`${workspaceRoot}/${path}`, 'utf8');

describe('the ACL table', () => {
  it('should be the table docs/local-kafka.md shows, between its acl-table markers', () => {
    const docs = read('docs/local-kafka.md');
    const table = /<!-- acl-table:start[^>]*-->\n([\s\S]*?)\n<!-- acl-table:end -->/.exec(docs)?.[1];
    expect(table, 'docs/local-kafka.md has no acl-table markers').toBeDefined();
    expect(table).toBe(aclTableMarkdown());
  });

  it('should grant each principal but admin something, and only operations its resource type has', () => {
    for (const principal of PRINCIPALS.filter((p) => p !== 'admin')) {
      expect(
        ACL_TABLE.some((rule) => rule.principal === principal),
        principal,
      ).toBe(true);
    }
    for (const rule of ACL_TABLE) {
      expect(VALID_OPERATIONS[rule.resourceType], `${rule.principal} on ${rule.resource}`).toEqual(
        expect.arrayContaining([...rule.operations]),
      );
      if (rule.resourceType === 'CLUSTER') expect(rule.resource).toBe(CLUSTER_RESOURCE);
    }
  });

  it('should let nobody create or delete a topic, describe the cluster (its ACLs, every group) or alter anything', () => {
    const operations = new Set(ACL_TABLE.flatMap((rule) => rule.operations));
    for (const forbidden of ['CREATE', 'DELETE', 'ALTER', 'ALTER_CONFIGS', 'ALL', 'CLUSTER_ACTION'])
      expect(operations.has(forbidden as never)).toBe(false);
    expect(ACL_TABLE.filter((rule) => rule.resourceType === 'CLUSTER').flatMap((rule) => rule.operations)).not.toContain('DESCRIBE');
  });

  it('should give order-api no read and order-listener no write on the orders topic', () => {
    const bindings = aclBindings({ ordersTopic: 'orders', listenerGroup: 'listeners' });
    const on = (principal: string, resource: string) =>
      bindings.filter((b) => b.principal === `User:${principal}` && b.resource === resource).map((b) => b.operation);
    // Exactly the README's rows: no READ for order-api, no WRITE for order-listener.
    expect(on('order-api', 'orders').sort()).toEqual(['DESCRIBE', 'DESCRIBE_CONFIGS', 'WRITE']);
    expect(on('order-listener', 'orders').sort()).toEqual(['DESCRIBE', 'DESCRIBE_CONFIGS', 'READ']);
    expect(on('order-listener', 'listeners')).toContain('READ');
    expect(on('order-listener', 'orders.DLT')).toContain('WRITE');
    expect(on('dlt', 'dlt-replay.orders.DLT')).toContain('READ');
    expect(on('console', 'listeners')).toEqual(['DESCRIBE']);
  });

  it('should name the consumer groups of dead-letter list and replay as their code does', () => {
    // That code lives in tools/dlt, or in libs/messaging once shared with the console.
    const source = (file: string) =>
      read([`libs/messaging/src/dead-letters/${file}`, `tools/dlt/src/${file}`].find((path) => existsSync(`${workspaceRoot}/${path}`))!);
    expect(source('replay.ts')).toContain('return `dlt-replay.${dltTopic}`;');
    expect(source('dead-letters.ts')).toContain('`dlt-list-${randomUUID()}`');
  });
});
