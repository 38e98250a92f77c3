// docker/k8s/ cannot be applied here (no cluster), so each overlay is rendered as
// `kubectl apply -k` would and every object is checked offline: against the Kubernetes and KEDA
// schemas, and for what keeps scaling safe, each figure taken from the apps' source, their
// config defaults or the Dockerfile rather than restated.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { MESSAGING_ENV, MessagingEnv } from '@tacocloud/messaging';
import type { IContainer, IPodTemplateSpec } from 'kubernetes-models/v1';
import { afterAll, describe, expect, it } from 'vitest';
import { APPS, shutdownBoundMs, source, type App } from './app-source.js';
import { Manifests, onlyContainer, overlayDir, render, validateObject } from './k8s-manifests.js';

const repo = new URL('../', import.meta.url);

/** The paths an app's HTTP server registers (no plugin of ours registers with a prefix). */
function routesOf(app: App): Set<string> {
  const dir = new URL(`apps/${app}/src/`, repo);
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  const text = files.map((file) => readFileSync(new URL(file, dir), 'utf8')).join('\n');
  return new Set([...text.matchAll(/\bapp\.(?:get|post|put|delete|patch)\(\s*'(\/[^']*)'/g)].map((m) => m[1]!));
}

/**
 * The port an app serves /health and /metrics on: HEALTH_PORT when set (order-api then serves
 * them there only), else order-api's PORT and the listener's HEALTH_PORT default.
 */
function healthPortOf(app: App, env: Record<string, string>): number {
  return portVariable(app, env, env['HEALTH_PORT'] !== undefined || app !== 'order-api' ? 'HEALTH_PORT' : 'PORT');
}

/** A port variable of an app: as the pod sets it, else the default in the app's config schema. */
function portVariable(app: App, env: Record<string, string>, variable: 'PORT' | 'HEALTH_PORT'): number {
  if (env[variable] !== undefined) return Number(env[variable]);
  const match = new RegExp(`${variable}: integerVar\\(([\\d_]+)`).exec(source(`apps/${app}/src/config.ts`));
  return Number(match![1]!.replaceAll('_', ''));
}

const dockerfile = source('docker/app.Dockerfile');
const runtimeStage = dockerfile.split(/^FROM /m).at(-1)!;
/** The official Node images create their `node` user as uid and gid 1000. */
const NODE_IMAGE_UIDS: Record<string, number> = { node: 1000 };

const temporary: string[] = [];
afterAll(() => temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/**
 * The container's environment with every file it names (a path under a mounted Secret) made
 * real in a temporary directory, so the apps' own config schema can read it as in the pod.
 */
function withMountedFiles(env: Record<string, string>, container: IContainer, template: IPodTemplateSpec): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'k8s-env-'));
  temporary.push(dir);
  const content = (variable: string) =>
    variable === 'KAFKA_SSL_CA_LOCATION' ? '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n' : 'not-a-real-secret\n';
  const result = { ...env };
  for (const variable of ['KAFKA_SSL_CA_LOCATION', 'KAFKA_SASL_PASSWORD_FILE'].filter((v) => env[v] !== undefined)) {
    const mount = container.volumeMounts?.find((m) => dirname(env[variable]!) === m.mountPath);
    const volume = template.spec?.volumes?.find((v) => v.name === mount?.name);
    expect(volume?.secret?.secretName, `${container.name} ${variable} is in a mounted Secret`).toBeDefined();
    const file = join(dir, mount!.name, basename(env[variable]!));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content(variable));
    result[variable] = file;
  }
  return result;
}

describe.each(['dev', 'prod'])('docker/k8s/overlays/%s', (overlay) => {
  const manifests = new Manifests(render(overlayDir(overlay)));
  const deployment = (app: App) => manifests.find<{ spec: { replicas?: number; template: IPodTemplateSpec } }>('Deployment', app);
  const containerOf = (app: App) => onlyContainer(deployment(app).spec.template);
  const envOf = (app: App) => manifests.environment(containerOf(app));
  const usesSasl = envOf('order-api')['KAFKA_SECURITY_PROTOCOL']?.startsWith('SASL_') ?? false;

  it('should render objects that are valid against the Kubernetes and KEDA schemas', () => {
    expect(manifests.objects.length).toBeGreaterThan(0);
    for (const object of manifests.objects) expect(() => validateObject(object), `${object.kind} ${object.metadata.name}`).not.toThrow();
    const broken = structuredClone(deployment('order-api')) as { spec: { template: { spec: { containers: { ports: unknown }[] } } } };
    broken.spec.template.spec.containers[0]!.ports = [{ containerPort: 'http' }];
    expect(() => validateObject(broken as never)).toThrow(/containerPort/);
  });

  it('should put every object in the overlay namespace', () => {
    const namespaces = new Set(manifests.objects.map((object) => object.metadata.namespace));
    expect(namespaces.size).toBe(1);
    expect([...namespaces][0]).toMatch(/^tacocloud/);
  });

  it.each(APPS)('should run %s from its own image, with the command and user of the Dockerfile', (app) => {
    const container = containerOf(app);
    expect(container.image?.split(':')[0]?.split('/').at(-1)).toBe(app);
    // The image's own CMD starts the app: nothing here overrides it.
    expect(container.command).toBeUndefined();
    expect(container.args).toBeUndefined();
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:/m);
    expect(runtimeStage).toMatch(
      /^CMD \["sh", "-c", "exec node --max-semi-space-size=16 --v8-pool-size=1 --no-allocation-site-pretenuring apps\/\$\{APP\}\/dist\/main\.js"\]$/m,
    );
    const user = /^USER (\S+)$/m.exec(runtimeStage)![1]!;
    expect(deployment(app).spec.template.spec?.securityContext?.runAsUser).toBe(NODE_IMAGE_UIDS[user]);
  });

  it('should harden every pod: non-root, read-only root filesystem, no privilege escalation, no capabilities, no API token', () => {
    for (const { name, template } of manifests.workloads()) {
      const pod = template.spec!;
      expect(pod.securityContext?.runAsNonRoot, name).toBe(true);
      expect(pod.securityContext?.runAsUser, name).toBeGreaterThan(0);
      expect(pod.automountServiceAccountToken, name).toBe(false);
      for (const container of pod.containers) {
        expect(container.securityContext?.allowPrivilegeEscalation, name).toBe(false);
        expect(container.securityContext?.readOnlyRootFilesystem, name).toBe(true);
        expect(container.securityContext?.capabilities?.drop, name).toEqual(['ALL']);
        for (const kind of ['requests', 'limits'] as const)
          expect(Object.keys(container.resources?.[kind] ?? {}).sort(), `${name} ${kind}`).toEqual(['cpu', 'memory']);
      }
    }
  });

  it.each(APPS)('should give %s a grace period covering its preStop pause and its own shutdown bound', (app) => {
    const preStop = containerOf(app).lifecycle?.preStop?.exec?.command ?? [];
    const pauseMs = preStop[0] === 'sleep' ? Number(preStop[1]) * 1000 : 0;
    const graceMs = (deployment(app).spec.template.spec?.terminationGracePeriodSeconds ?? 30) * 1000;
    expect(graceMs).toBeGreaterThanOrEqual(pauseMs + shutdownBoundMs(app, envOf(app)));
    // Only order-api receives traffic through a Service, which must stop routing to it first.
    if (app === 'order-api') expect(pauseMs).toBeGreaterThan(0);
  });

  it.each(APPS)('should probe and scrape %s on routes it registers, on the port it listens on', (app) => {
    const container = containerOf(app);
    const routes = routesOf(app);
    const port = healthPortOf(app, envOf(app));
    const portNumber = (ref: string | number | undefined) =>
      typeof ref === 'number' ? ref : container.ports?.find((p) => p.name === ref)?.containerPort;
    expect(container.readinessProbe?.httpGet?.path).toBe('/health/ready');
    expect(container.livenessProbe?.httpGet?.path).toBe('/health/live');
    for (const probe of [container.readinessProbe, container.livenessProbe]) {
      expect(routes).toContain(probe?.httpGet?.path);
      expect(portNumber(probe?.httpGet?.port)).toBe(port);
    }
    const annotations = deployment(app).spec.template.metadata?.annotations ?? {};
    expect(annotations['prometheus.io/scrape']).toBe('true');
    expect(Number(annotations['prometheus.io/port'])).toBe(port);
    expect(routes).toContain(annotations['prometheus.io/path']);
  });

  it("should probe order-api apart from the orders' port, so probes never count against HTTP_MAX_CONNECTIONS", () => {
    const env = envOf('order-api');
    const ordersPort = portVariable('order-api', env, 'PORT');
    expect(env['HEALTH_PORT']).toBeDefined();
    expect(healthPortOf('order-api', env)).not.toBe(ordersPort);
    const service = manifests.find<{ spec: { ports: { targetPort: string | number }[] } }>('Service', 'order-api');
    const ports = containerOf('order-api').ports ?? [];
    for (const { targetPort } of service.spec.ports) {
      expect(typeof targetPort === 'number' ? targetPort : ports.find((p) => p.name === targetPort)?.containerPort).toBe(ordersPort);
    }
  });

  it('should scale order-api on CPU from 2 replicas, and keep all but one through disruptions', () => {
    const hpa = manifests.find<{ spec: { scaleTargetRef: { kind: string; name: string }; minReplicas: number; maxReplicas: number } }>(
      'HorizontalPodAutoscaler',
      'order-api',
    );
    expect(hpa.spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: 'order-api' });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas);
    const service = manifests.find<{ spec: { selector: Record<string, string> } }>('Service', 'order-api');
    expect(deployment('order-api').spec.template.metadata?.labels).toMatchObject(service.spec.selector);
  });

  it.each(APPS)('should leave the replica count of %s to its autoscaler and cover its pods with a PodDisruptionBudget', (app) => {
    expect(deployment(app).spec.replicas).toBeUndefined();
    const pdb = manifests.find<{ spec: { selector: { matchLabels: Record<string, string> }; maxUnavailable?: number } }>(
      'PodDisruptionBudget',
      app,
    );
    expect(deployment(app).spec.template.metadata?.labels).toMatchObject(pdb.spec.selector.matchLabels);
    expect(pdb.spec.maxUnavailable).toBe(1);
  });

  it("should scale order-listener on its own group's lag, from 1 replica up to the topic's partition count", () => {
    const scaled = manifests.find<{
      spec: {
        scaleTargetRef: { name: string; kind?: string };
        minReplicaCount: number;
        maxReplicaCount: number;
        triggers: { type: string; metadata: Record<string, string>; authenticationRef?: { name: string } }[];
      };
    }>('ScaledObject', 'order-listener');
    const env = envOf('order-listener');
    expect(scaled.spec.scaleTargetRef.name).toBe('order-listener');
    expect(scaled.spec.scaleTargetRef.kind ?? 'Deployment').toBe('Deployment');
    expect(scaled.spec.minReplicaCount).toBeGreaterThanOrEqual(1);
    const partitions = Number(env['ORDERS_TOPIC_PARTITIONS'] ?? 6);
    expect(scaled.spec.maxReplicaCount).toBeLessThanOrEqual(partitions);
    const [trigger] = scaled.spec.triggers;
    expect(scaled.spec.triggers).toHaveLength(1);
    expect(trigger?.type).toBe('kafka');
    // KEDA reads these from the listener's own environment: the variables the app reads.
    for (const [parameter, variable] of Object.entries({
      bootstrapServersFromEnv: 'KAFKA_BROKERS',
      consumerGroupFromEnv: 'ORDER_LISTENER_GROUP',
      topicFromEnv: 'ORDERS_TOPIC',
    })) {
      expect(trigger?.metadata[parameter], parameter).toBe(variable);
      expect(Object.keys(MESSAGING_ENV)).toContain(variable);
      expect(env[variable], variable).toMatch(/\S/);
    }
    expect(Number(trigger?.metadata['lagThreshold'])).toBeGreaterThan(0);
    expect(trigger?.metadata['offsetResetPolicy']).toBe('earliest');
    expect(trigger?.authenticationRef !== undefined).toBe(usesSasl);
  });

  it.each(APPS)('should give %s a configuration its own schema accepts', (app) => {
    const container = containerOf(app);
    const env = envOf(app);
    const parsed = MessagingEnv.safeParse(withMountedFiles(env, container, deployment(app).spec.template));
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it('should keep secrets out of git and out of the environment: files from Secrets created beforehand, as documented', () => {
    const docs = source('docs/kubernetes.md');
    expect(manifests.ofKind('Secret')).toEqual([]);
    for (const { name, template } of manifests.workloads()) {
      const env = manifests.environment(onlyContainer(template));
      expect(env['KAFKA_SASL_PASSWORD'], name).toBeUndefined();
      for (const volume of template.spec?.volumes ?? []) {
        if (volume.secret)
          expect(docs, `${name}: Secret ${volume.secret.secretName}`).toContain(`create secret generic ${volume.secret.secretName} `);
      }
    }
  });

  it('should let each workload authenticate as its own principal, and provision topics with one allowed to create them', () => {
    const workloads = manifests.workloads().map(({ name, template }) => ({ name, env: manifests.environment(onlyContainer(template)) }));
    const usernames = workloads.map(({ env }) => env['KAFKA_SASL_USERNAME']);
    if (!usesSasl) {
      // Without authentication the apps create their topics at start, as under `npm start`.
      expect(usernames.every((u) => u === undefined)).toBe(true);
      expect(manifests.ofKind('Job')).toEqual([]);
      return;
    }
    expect(new Set(usernames).size).toBe(workloads.length);
    const job = manifests.find<{ spec: { template: IPodTemplateSpec } }>('Job', 'order-topics');
    const container = onlyContainer(job.spec.template);
    expect(container.image).toBe(containerOf('order-api').image);
    const [node, script] = container.command ?? [];
    expect(node).toBe('node');
    expect(script).toBe('apps/order-api/dist/provision-main.js');
    // tsc builds all of src (tests and the bench stub aside) into dist, which the image copies.
    expect(source('apps/order-api/src/provision-main.ts')).toContain('ensureTopics(');
    expect(source('apps/order-api/tsconfig.build.json')).not.toContain('provision-main');
    expect(runtimeStage).toContain('COPY --from=build /workspace/apps/${APP}/dist apps/${APP}/dist');
    expect(MessagingEnv.safeParse(withMountedFiles(manifests.environment(container), container, job.spec.template)).error).toBeUndefined();
  });

  it("should have KEDA read the lag as order-listener, with the listener's own SASL and TLS settings", () => {
    if (!usesSasl) {
      expect(manifests.ofKind('TriggerAuthentication')).toEqual([]);
      return;
    }
    const env = envOf('order-listener');
    const template = deployment('order-listener').spec.template;
    const auth = manifests.find<{
      spec: {
        env: { parameter: string; name: string; containerName: string }[];
        secretTargetRef: { parameter: string; name: string; key: string }[];
      };
    }>('TriggerAuthentication', 'order-listener-kafka');
    const fromEnv = Object.fromEntries(auth.spec.env.map((e) => [e.parameter, env[e.name]]));
    for (const e of auth.spec.env) expect(e.containerName).toBe('order-listener');
    expect(fromEnv['username']).toBe(env['KAFKA_SASL_USERNAME']);
    // KEDA's spelling of the mechanism: plaintext, scram_sha256, scram_sha512.
    const mechanism = env['KAFKA_SASL_MECHANISM']!;
    expect(fromEnv['sasl']).toBe(mechanism === 'PLAIN' ? 'plaintext' : mechanism.toLowerCase().replace('scram-sha-', 'scram_sha'));
    expect(fromEnv['tls']).toBe(env['KAFKA_SECURITY_PROTOCOL'] === 'SASL_SSL' ? 'enable' : 'disable');
    const secretOf = (path: string) => {
      const mount = onlyContainer(template).volumeMounts?.find((m) => m.mountPath === dirname(path));
      const volume = template.spec?.volumes?.find((v) => v.name === mount?.name);
      return { name: volume?.secret?.secretName, key: basename(path) };
    };
    const refs = Object.fromEntries(auth.spec.secretTargetRef.map((r) => [r.parameter, { name: r.name, key: r.key }]));
    expect(refs['password']).toEqual(secretOf(env['KAFKA_SASL_PASSWORD_FILE']!));
    expect(refs['ca']).toEqual(secretOf(env['KAFKA_SSL_CA_LOCATION']!));
  });
});
