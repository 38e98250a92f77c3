// Least privilege on a secured cluster: the one table of what each principal may do, applied
// by the tool at every start (as admin, with kafkajs's CreateAcls), and printed into
// docs/local-kafka.md, where a cluster admin can read what to grant (acls.test.ts checks that
// the two agree). Without an ACL the StandardAuthorizer denies everything but the super users
// (User:admin and the nodes' User:broker), so nobody else may create a topic.
import { DLT_SUFFIX } from '@tacocloud/messaging';
import kafkajs, { type AclEntry, type Admin } from 'kafkajs';
import type { Principal } from './security.js';

// kafkajs is CommonJS; Node's ESM loader cannot see these exports by name.
const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } = kafkajs;

export type AclOperation = 'READ' | 'WRITE' | 'DESCRIBE' | 'DESCRIBE_CONFIGS' | 'IDEMPOTENT_WRITE';
export type AclResourceType = 'TOPIC' | 'GROUP' | 'CLUSTER';
export type AclPattern = 'LITERAL' | 'PREFIXED';

export interface AclRule {
  principal: Exclude<Principal, 'admin'>;
  resourceType: AclResourceType;
  /** `<orders>` and `<listener-group>` stand for the names the cluster was started with. */
  resource: string;
  pattern: AclPattern;
  operations: readonly AclOperation[];
  why: string;
}

/** The names the table's placeholders stand for. */
export interface AclNames {
  ordersTopic: string;
  listenerGroup: string;
}

const ORDERS = '<orders>';
const DLT = `<orders>${DLT_SUFFIX}`;
const LISTENER_GROUP = '<listener-group>';
/** Kafka's one cluster resource is named this. */
export const CLUSTER_RESOURCE = 'kafka-cluster';

/**
 * The operations this table may grant per resource type. Kafka lets READ and WRITE imply
 * DESCRIBE; the table grants DESCRIBE explicitly anyway, so it reads as what each app does.
 */
export const VALID_OPERATIONS: Readonly<Record<AclResourceType, readonly AclOperation[]>> = {
  TOPIC: ['READ', 'WRITE', 'DESCRIBE', 'DESCRIBE_CONFIGS'],
  GROUP: ['READ', 'DESCRIBE'],
  CLUSTER: ['DESCRIBE', 'IDEMPOTENT_WRITE'],
};

export const ACL_TABLE: readonly AclRule[] = [
  {
    principal: 'order-api',
    resourceType: 'TOPIC',
    resource: ORDERS,
    pattern: 'LITERAL',
    operations: ['WRITE', 'DESCRIBE', 'DESCRIBE_CONFIGS'],
    why: 'publishes orders; its start-up checks the topic exists as declared (partitions, replicas, configs)',
  },
  {
    principal: 'order-api',
    resourceType: 'TOPIC',
    resource: DLT,
    pattern: 'LITERAL',
    operations: ['DESCRIBE', 'DESCRIBE_CONFIGS'],
    why: 'its start-up checks the DLT exists as declared (it never reads or writes it)',
  },
  {
    principal: 'order-api',
    resourceType: 'CLUSTER',
    resource: CLUSTER_RESOURCE,
    pattern: 'LITERAL',
    operations: ['IDEMPOTENT_WRITE'],
    why: 'its producer is idempotent (InitProducerId)',
  },
  {
    principal: 'order-listener',
    resourceType: 'TOPIC',
    resource: ORDERS,
    pattern: 'LITERAL',
    operations: ['READ', 'DESCRIBE', 'DESCRIBE_CONFIGS'],
    why: 'consumes orders; start-up check of the topic',
  },
  {
    principal: 'order-listener',
    resourceType: 'GROUP',
    resource: LISTENER_GROUP,
    pattern: 'LITERAL',
    operations: ['READ', 'DESCRIBE'],
    why: 'joins its consumer group and commits offsets',
  },
  {
    principal: 'order-listener',
    resourceType: 'TOPIC',
    resource: DLT,
    pattern: 'LITERAL',
    operations: ['WRITE', 'DESCRIBE', 'DESCRIBE_CONFIGS'],
    why: 'dead-letters records it cannot handle; start-up check of the DLT',
  },
  {
    principal: 'order-listener',
    resourceType: 'CLUSTER',
    resource: CLUSTER_RESOURCE,
    pattern: 'LITERAL',
    operations: ['IDEMPOTENT_WRITE'],
    why: 'its dead-letter producer is idempotent',
  },
  {
    principal: 'dlt',
    resourceType: 'TOPIC',
    resource: DLT,
    pattern: 'LITERAL',
    operations: ['READ', 'DESCRIBE'],
    why: '`npm run dlt -- list` and `replay` read the DLT and its offsets',
  },
  {
    principal: 'dlt',
    resourceType: 'GROUP',
    resource: `dlt-replay.${DLT}`,
    pattern: 'LITERAL',
    operations: ['READ', 'DESCRIBE'],
    why: '`replay` keeps what it replayed in this group (`replayGroupOf` in the dead-letter code)',
  },
  {
    principal: 'dlt',
    resourceType: 'GROUP',
    resource: 'dlt-list-',
    pattern: 'PREFIXED',
    operations: ['READ', 'DESCRIBE'],
    why: '`list` reads in a throwaway group `dlt-list-<uuid>`',
  },
  {
    principal: 'dlt',
    resourceType: 'TOPIC',
    resource: ORDERS,
    pattern: 'LITERAL',
    operations: ['WRITE', 'DESCRIBE'],
    why: '`replay` sends letters back to the orders topic',
  },
  {
    principal: 'dlt',
    resourceType: 'CLUSTER',
    resource: CLUSTER_RESOURCE,
    pattern: 'LITERAL',
    operations: ['IDEMPOTENT_WRITE'],
    why: 'its replay producer is idempotent',
  },
  {
    principal: 'console',
    resourceType: 'TOPIC',
    resource: ORDERS,
    pattern: 'LITERAL',
    operations: ['READ', 'WRITE', 'DESCRIBE'],
    why: 'shows orders, and sends replayed letters back',
  },
  {
    principal: 'console',
    resourceType: 'TOPIC',
    resource: DLT,
    pattern: 'LITERAL',
    operations: ['READ', 'DESCRIBE'],
    why: 'shows dead letters',
  },
  {
    principal: 'console',
    resourceType: 'GROUP',
    resource: 'order-console',
    pattern: 'PREFIXED',
    operations: ['READ', 'DESCRIBE'],
    why: 'its own consumer group(s), named `order-console…`',
  },
  {
    principal: 'console',
    resourceType: 'GROUP',
    resource: LISTENER_GROUP,
    pattern: 'LITERAL',
    operations: ['DESCRIBE'],
    why: "reads the listener group's members and committed offsets (lag); cannot join it or commit",
  },
  {
    principal: 'console',
    resourceType: 'GROUP',
    resource: `dlt-replay.${DLT}`,
    pattern: 'LITERAL',
    operations: ['READ', 'DESCRIBE'],
    why: "replays in the dlt tool's replay group, so a letter is replayed once whichever tool replays it",
  },
  {
    principal: 'console',
    resourceType: 'GROUP',
    resource: 'dlt-list-',
    pattern: 'PREFIXED',
    operations: ['READ', 'DESCRIBE'],
    why: 'lists dead letters as `npm run dlt -- list` does, in a throwaway group `dlt-list-<uuid>`',
  },
  {
    principal: 'console',
    resourceType: 'CLUSTER',
    resource: CLUSTER_RESOURCE,
    pattern: 'LITERAL',
    operations: ['IDEMPOTENT_WRITE'],
    why: 'its replay producer is idempotent',
  },
];

export interface AclBinding {
  principal: string;
  resourceType: AclResourceType;
  resource: string;
  pattern: AclPattern;
  operation: AclOperation;
}

/** The table with its placeholders filled in: one binding per operation. */
export function aclBindings(names: AclNames, table: readonly AclRule[] = ACL_TABLE): AclBinding[] {
  const fill = (resource: string) => resource.replaceAll(ORDERS, names.ordersTopic).replaceAll(LISTENER_GROUP, names.listenerGroup);
  return table.flatMap((rule) =>
    rule.operations.map((operation) => ({
      principal: `User:${rule.principal}`,
      resourceType: rule.resourceType,
      resource: fill(rule.resource),
      pattern: rule.pattern,
      operation,
    })),
  );
}

/** Adds every binding in one CreateAcls request; a binding that exists already is left as it is. */
export async function applyAcls(admin: Admin, names: AclNames): Promise<number> {
  const acl: AclEntry[] = aclBindings(names).map((binding) => ({
    principal: binding.principal,
    host: '*',
    resourceType: AclResourceTypes[binding.resourceType],
    resourceName: binding.resource,
    resourcePatternType: ResourcePatternTypes[binding.pattern],
    operation: AclOperationTypes[binding.operation],
    permissionType: AclPermissionTypes.ALLOW,
  }));
  await admin.createAcls({ acl });
  return acl.length;
}

/** The table as docs/local-kafka.md shows it, between its `acl-table` markers. */
export function aclTableMarkdown(table: readonly AclRule[] = ACL_TABLE): string {
  const rows = table.map((rule) => {
    const resource = `${rule.resourceType.toLowerCase()} \`${rule.resource}\`${rule.pattern === 'PREFIXED' ? ' (prefixed)' : ''}`;
    return `| \`${rule.principal}\` | ${resource} | ${rule.operations.join(', ')} | ${rule.why} |`;
  });
  return ['| Principal | Resource | Operations | Why |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
