// The compatibility gate: every released message version must still be published, and its
// current schema must not break readers of the released one.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { publishedJsonSchemas, renderJsonSchema, type PublishedSchema } from '@tacocloud/messaging';
import { BreakKind, findBreakingChanges, type BreakingChange } from './compatibility.js';
import { releasedDir } from './paths.js';

export interface MessageBreak extends BreakingChange {
  message: string;
  version: number;
}

export interface Snapshot {
  file: string;
  document: Record<string, unknown>;
}

export function readReleased(dir = releasedDir): Snapshot[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.schema.json'))
    .sort()
    .map((file) => ({ file, document: JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown> }));
}

export function checkCompatibility(released: Snapshot[], current: PublishedSchema[]): MessageBreak[] {
  const breaks: MessageBreak[] = [];
  for (const snapshot of released) {
    const [message, version] = identify(snapshot);
    const now = current.find((schema) => schema.file === snapshot.file);
    if (!now) {
      breaks.push({ message, version, kind: BreakKind.RemovedVersion, path: '', detail: `${snapshot.file} is released but no longer published` });
      continue;
    }
    breaks.push(...findBreakingChanges(snapshot.document, now.document).map((change) => ({ message, version, ...change })));
  }
  return breaks;
}

export function formatBreak({ message, version, kind, path, detail }: MessageBreak): string {
  return `${message} v${version}: ${kind}${path ? ` at '${path}'` : ''}: ${detail}`;
}

/** Records the current schemas as released; refuses while they break a released version. */
export function release(current = publishedJsonSchemas(), dir = releasedDir): { written: string[]; breaks: MessageBreak[] } {
  const breaks = checkCompatibility(readReleased(dir), current);
  if (breaks.length > 0) return { written: [], breaks };
  mkdirSync(dir, { recursive: true });
  for (const schema of current) writeFileSync(join(dir, schema.file), renderJsonSchema(schema.document));
  return { written: current.map((schema) => schema.file), breaks };
}

/** "order-placed.v1.schema.json" + its title "OrderPlaced v1" -> ["OrderPlaced", 1]. */
function identify(snapshot: Snapshot): [string, number] {
  const version = Number(/\.v(\d+)\.schema\.json$/.exec(snapshot.file)?.[1] ?? NaN);
  const defs = (snapshot.document['$defs'] ?? {}) as Record<string, { title?: string }>;
  const title = Object.values(defs).find((def) => def.title)?.title ?? (snapshot.document['title'] as string | undefined);
  return [title?.replace(/\s+v\d+$/, '') ?? snapshot.file, version];
}
