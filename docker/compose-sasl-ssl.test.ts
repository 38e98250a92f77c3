// docker/compose.sasl-ssl.yml checked statically (compose-sasl-ssl.int.test.ts runs its Kafka
// settings on a real broker): valid Compose, no listener without TLS and SASL, passwords only
// in files, and the ACLs kafka-setup grants equal to the apps' rows of the project's ACL table.
import { readFileSync } from 'node:fs';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { aclBindings, type AclBinding } from '@tacocloud/kafka-tools';
import { DEFAULT_LISTENER_GROUP, DEFAULT_ORDERS_TOPIC } from '@tacocloud/messaging';
import { describe, expect, it } from 'vitest';
import { composeSpecSchema, mergeCompose, readCompose } from './compose-files.js';

const override = readCompose('compose.sasl-ssl.yml');
const merged = mergeCompose(readCompose('compose.yml'), override);
const brokers = Object.entries(merged.services).filter(([name]) => /^kafka-\d$/.test(name));
const apps = ['order-api', 'order-listener'] as const;

/** `acl User:x --operation A --operation B --topic t` lines of setup.sh, one binding per operation. */
function grantedBySetup(): AclBinding[] {
  const script = readFileSync(new URL('./sasl-ssl/setup.sh', import.meta.url), 'utf8');
  return [...script.matchAll(/^acl (User:\S+) (.+)$/gm)].flatMap(([, principal, rest]) => {
    // AclCommand spells operations in camel case: DescribeConfigs is DESCRIBE_CONFIGS.
    const operations = [...rest!.matchAll(/--operation (\w+)/g)].map(([, operation]) =>
      operation!.replace(/(?<=[a-z])(?=[A-Z])/g, '_').toUpperCase(),
    );
    const resource = /--(topic|group) (\S+)|--(cluster)/.exec(rest!)!;
    const [resourceType, name] = resource[3] ? ['CLUSTER', 'kafka-cluster'] : [resource[1]!.toUpperCase(), resource[2]!];
    return operations.map(
      (operation) => ({ principal: principal!, resourceType, resource: name, pattern: 'LITERAL', operation }) as AclBinding,
    );
  });
}

describe('docker/compose.sasl-ssl.yml', () => {
  it('should be valid Compose, alone and merged over compose.yml', () => {
    const validate = new Ajv2019({ strict: false, allErrors: true }).compile(composeSpecSchema());
    for (const file of [override, merged]) {
      validate(file);
      expect(validate.errors ?? []).toEqual([]);
    }
  });

  it('should let no client reach a broker without TLS and SASL, and deny what no ACL allows', () => {
    expect(brokers).toHaveLength(3);
    for (const [name, broker] of brokers) {
      const protocols = String(broker.environment?.['KAFKA_LISTENER_SECURITY_PROTOCOL_MAP']).split(',');
      expect(
        protocols.every((entry) => entry.endsWith(':SASL_SSL')),
        name,
      ).toBe(true);
      expect(broker.environment?.['KAFKA_AUTHORIZER_CLASS_NAME'], name).toBe('org.apache.kafka.metadata.authorizer.StandardAuthorizer');
      expect(broker.environment?.['KAFKA_SUPER_USERS'], name).toBe('User:admin');
      expect(broker.environment?.['KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND'], name).toBe('false');
      expect(broker.healthcheck?.test.join(' '), name).toContain('--command-config /secrets/admin.properties');
    }
  });

  it('should connect each app as its own principal, its password read from a file', () => {
    for (const app of apps) {
      const env = merged.services[app]!.environment!;
      expect(env).toMatchObject({
        KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
        KAFKA_SASL_USERNAME: app,
        KAFKA_SASL_PASSWORD_FILE: `/secrets/${app}.password`,
      });
      expect(env['KAFKA_SASL_PASSWORD'], app).toBeUndefined();
      expect(merged.services[app]!.volumes, app).toContain('kafka-secrets:/secrets:ro');
      expect(merged.services[app]!.depends_on?.['kafka-setup']?.condition, app).toBe('service_completed_successfully');
    }
  });

  it("should grant the apps exactly their rows of the project's ACL table", () => {
    const key = (b: AclBinding) => `${b.principal} ${b.operation} ${b.resourceType}:${b.pattern}:${b.resource}`;
    const table = aclBindings({ ordersTopic: DEFAULT_ORDERS_TOPIC, listenerGroup: DEFAULT_LISTENER_GROUP }).filter((binding) =>
      apps.some((app) => binding.principal === `User:${app}`),
    );
    expect(grantedBySetup().map(key).sort()).toEqual(table.map(key).sort());
  });
});
