// docker/compose.yml cannot run here (no Docker engine), so it is checked statically:
// against the Compose Specification schema, and for a KRaft quorum that can actually form.
import { existsSync, readFileSync } from 'node:fs';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { describe, expect, it } from 'vitest';
import { kafkaVersion } from '@tacocloud/kafka-tools';
import { APPS, shutdownBoundMs } from './app-source.js';
import { composeSpecSchema, readCompose, type Service } from './compose-files.js';

const compose = readCompose('compose.yml');
const brokers = Object.entries(compose.services).filter(([, s]) => s.image?.startsWith('apache/kafka:'));
const env = (service: Service, key: string): string => {
  const value = service.environment?.[key];
  if (value === undefined) throw new Error(`missing ${key}`);
  return String(value);
};
const listeners = (spec: string) =>
  new Map(
    spec.split(',').map((entry) => {
      const match = /^(\w+):\/\/([^:]*):(\d+)$/.exec(entry);
      if (!match) throw new Error(`bad listener ${entry}`);
      return [match[1] as string, { host: match[2] as string, port: Number(match[3]) }];
    }),
  );

/** A Compose duration (`30s`, `1m30s`, `500ms`) in milliseconds. */
function durationMs(text: string): number {
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };
  const parts = [...text.matchAll(/(\d+)(ms|h|m|s)/g)];
  if (parts.map((part) => part[0]).join('') !== text) throw new Error(`not a Compose duration: ${text}`);
  return parts.reduce((sum, [, count, unit]) => sum + Number(count) * units[unit!]!, 0);
}

describe('docker/compose.yml', () => {
  // Found by review: the listener's grace period equalled its own bound, leaving Docker no moment to see it exit.
  it.each(APPS)('should give %s a stop grace period longer than its own shutdown bound', (app) => {
    const service = compose.services[app]!;
    const env = Object.fromEntries(Object.entries(service.environment ?? {}).map(([name, value]) => [name, String(value)]));
    expect(durationMs(service.stop_grace_period ?? '10s')).toBeGreaterThanOrEqual(shutdownBoundMs(app, env) + 5_000);
  });

  it('should be valid against the Compose Specification schema', () => {
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    const validate = ajv.compile(composeSpecSchema());
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(validate({ services: { broken: { image: 1, restart: ['always'] } } })).toBe(false);
  });

  it('should run three brokers of the same Kafka version as tools/kafka', () => {
    expect(brokers).toHaveLength(3);
    for (const [, service] of brokers) expect(service.image).toBe(`apache/kafka:${kafkaVersion()}`);
  });

  it('should give every broker a unique node id and a place in the voter list', () => {
    const voters = new Map(
      env(brokers[0]![1], 'KAFKA_CONTROLLER_QUORUM_VOTERS')
        .split(',')
        .map((voter) => {
          const [id, address] = voter.split('@') as [string, string];
          return [Number(id), address];
        }),
    );
    const ids = brokers.map(([, service]) => Number(env(service, 'KAFKA_NODE_ID')));
    expect(new Set(ids).size).toBe(brokers.length);
    expect([...voters.keys()].sort()).toEqual([...ids].sort());
    for (const [name, service] of brokers) {
      expect(env(service, 'KAFKA_CONTROLLER_QUORUM_VOTERS'), name).toBe(env(brokers[0]![1], 'KAFKA_CONTROLLER_QUORUM_VOTERS'));
      const own = listeners(env(service, 'KAFKA_LISTENERS'));
      const controller = own.get(env(service, 'KAFKA_CONTROLLER_LISTENER_NAMES'));
      expect(voters.get(Number(env(service, 'KAFKA_NODE_ID'))), name).toBe(`${service.hostname}:${controller?.port}`);
      expect(service.hostname, name).toBe(name);
    }
  });

  it('should advertise listeners that exist and are reachable from containers and from the host', () => {
    for (const [name, service] of brokers) {
      const own = listeners(env(service, 'KAFKA_LISTENERS'));
      const advertised = listeners(env(service, 'KAFKA_ADVERTISED_LISTENERS'));
      const protocols = env(service, 'KAFKA_LISTENER_SECURITY_PROTOCOL_MAP');
      for (const [listener, address] of advertised) {
        expect(own.get(listener)?.port, `${name} ${listener}`).toBe(address.port);
        expect(protocols, `${name} ${listener}`).toContain(`${listener}:`);
      }
      expect(advertised.get(env(service, 'KAFKA_INTER_BROKER_LISTENER_NAME'))?.host, name).toBe(name);
      const external = advertised.get('EXTERNAL');
      expect(external?.host, name).toBe('localhost');
      // Unauthenticated PLAINTEXT: published on the host's loopback only, never on every interface.
      expect(service.ports, name).toEqual([`127.0.0.1:${external?.port}:${external?.port}`]);
    }
  });

  it('should share one valid KRaft cluster id across brokers', () => {
    const ids = new Set(brokers.map(([, service]) => env(service, 'CLUSTER_ID')));
    expect(ids.size).toBe(1);
    const [id] = [...ids] as [string];
    expect(Buffer.from(id, 'base64url')).toHaveLength(16);
  });
});

describe('docker/app.Dockerfile and the app services', () => {
  const dockerfile = readFileSync(new URL('./app.Dockerfile', import.meta.url), 'utf8');
  const stages = dockerfile.split(/^FROM /m).slice(1);
  const repo = new URL('../', import.meta.url);

  it('should build in stages and run the app as a non-root user with production dependencies only', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const runtime = stages.at(-1)!;
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).not.toMatch(/npx tsc|npm ci(?!.*--omit=dev)/);
    expect(dockerfile).toMatch(/npm ci --omit=dev .*--workspace apps\/\$\{APP\}/);
  });

  it('should copy every workspace manifest npm ci needs, and only paths that exist', () => {
    const workspaces = [
      'libs/messaging',
      'apps/order-api',
      'apps/order-listener',
      'docker',
      ...['kafka', 'dev', 'contracts', 'dlt', 'faults', 'bench'].map((t) => `tools/${t}`),
    ];
    for (const workspace of workspaces) expect(dockerfile, workspace).toContain(`COPY ${workspace}/package.json ${workspace}/`);
    for (const [, source] of dockerfile.matchAll(/^COPY (?!--from)(\S+)/gm)) {
      expect(existsSync(new URL(source!.replace('${APP}', 'order-api'), repo)), source).toBe(true);
    }
  });

  it('should run order-api and two listener replicas on the prod profile against the internal listeners', () => {
    const services = compose.services as Record<
      string,
      Service & { build?: { dockerfile: string; args: { APP: string } }; deploy?: { replicas: number } }
    >;
    const internal = brokers
      .map(([, service]) => listeners(env(service, 'KAFKA_ADVERTISED_LISTENERS')).get('INTERNAL'))
      .map((l) => `${l?.host}:${l?.port}`);
    for (const app of ['order-api', 'order-listener']) {
      const service = services[app]!;
      expect(service.build?.args.APP).toBe(app);
      expect(existsSync(new URL(service.build!.dockerfile, repo))).toBe(true);
      expect(env(service, 'APP_PROFILE')).toBe('prod');
      expect(env(service, 'KAFKA_BROKERS').split(',')).toEqual(internal);
    }
    expect(services['order-listener']?.deploy?.replicas).toBe(2);
  });

  // order-api refuses the prod profile without an IDEMPOTENCY_SECRET (docs/api.md, Idempotency-Key).
  it('should give order-api the idempotency secret a one-shot service makes into a volume, and start it after that', () => {
    const { services } = compose;
    const api = services['order-api']!;
    const file = env(api, 'IDEMPOTENCY_SECRET_FILE');
    const mount = api.volumes?.map((volume) => volume.split(':')).find(([, target]) => file.startsWith(`${target}/`));
    expect(mount?.[2]).toBe('ro');
    const maker = services['order-api-secret']!;
    expect(maker.volumes).toContain(`${mount?.[0]}:${mount?.[1]}`);
    expect(maker.entrypoint?.join(' ')).toContain(`"${file}"`);
    expect(api.depends_on?.['order-api-secret']).toEqual({ condition: 'service_completed_successfully' });
    expect(services['order-listener']?.environment).not.toHaveProperty('IDEMPOTENCY_SECRET_FILE');
  });
});
