// Finds breaking changes between a released JSON Schema of a message and the current one:
// a removed (or renamed) field, a new required field, a narrowed type or format, a removed
// enum value. Adding optional fields, widening types and relaxing limits are compatible.
type Schema = Record<string, unknown>;

export const BreakKind = {
  RemovedField: 'removed field',
  NewRequiredField: 'new required field',
  Narrowed: 'narrowed type or format',
  RemovedEnumValue: 'removed enum value',
  RemovedVersion: 'removed message version',
} as const;
export type BreakKind = (typeof BreakKind)[keyof typeof BreakKind];

export interface BreakingChange {
  kind: BreakKind;
  /** Dotted path of the field, `[]` for array items; empty for the message itself. */
  path: string;
  detail: string;
}

const LOWER_BOUNDS = ['minLength', 'minItems', 'minimum', 'exclusiveMinimum', 'minProperties'] as const;
const UPPER_BOUNDS = ['maxLength', 'maxItems', 'maximum', 'exclusiveMaximum', 'maxProperties'] as const;

export function findBreakingChanges(released: Schema, current: Schema): BreakingChange[] {
  const changes: BreakingChange[] = [];
  compare(released, current, '', { released, current }, changes);
  return changes;
}

interface Roots {
  released: Schema;
  current: Schema;
}

function compare(oldNode: unknown, newNode: unknown, path: string, roots: Roots, out: BreakingChange[]): void {
  const before = resolve(oldNode, roots.released);
  const after = resolve(newNode, roots.current);
  const narrowed = (detail: string) => out.push({ kind: BreakKind.Narrowed, path, detail });

  const oldTypes = typesOf(before);
  const newTypes = typesOf(after);
  if (newTypes && (!oldTypes || oldTypes.some((type) => !newTypes.includes(type) && !(type === 'integer' && newTypes.includes('number'))))) {
    narrowed(`type ${oldTypes?.join('|') ?? 'any'} -> ${newTypes.join('|')}`);
  }
  if (after['const'] !== undefined && JSON.stringify(after['const']) !== JSON.stringify(before['const'])) {
    narrowed(`now only ${JSON.stringify(after['const'])}`);
  }
  compareEnums(before, after, path, out);
  for (const keyword of ['format', 'pattern'] as const) {
    if (after[keyword] !== undefined && after[keyword] !== before[keyword]) {
      narrowed(`${keyword} ${JSON.stringify(before[keyword] ?? null)} -> ${JSON.stringify(after[keyword])}`);
    }
  }
  for (const keyword of LOWER_BOUNDS) {
    const [was, now] = [before[keyword], after[keyword]] as [number | undefined, number | undefined];
    if (now !== undefined && (was === undefined || now > was)) narrowed(`${keyword} ${was ?? 'none'} -> ${now}`);
  }
  for (const keyword of UPPER_BOUNDS) {
    const [was, now] = [before[keyword], after[keyword]] as [number | undefined, number | undefined];
    if (now !== undefined && (was === undefined || now < was)) narrowed(`${keyword} ${was ?? 'none'} -> ${now}`);
  }
  compareObjects(before, after, path, roots, out);
  if (before['items'] !== undefined && after['items'] !== undefined) compare(before['items'], after['items'], `${path}[]`, roots, out);
  for (const keyword of ['anyOf', 'oneOf', 'allOf'] as const) {
    if (after[keyword] !== undefined && JSON.stringify(before[keyword]) !== JSON.stringify(after[keyword])) {
      narrowed(`${keyword} changed (unions are compared as a whole)`);
    }
  }
}

function compareEnums(before: Schema, after: Schema, path: string, out: BreakingChange[]): void {
  const oldValues = before['enum'] as unknown[] | undefined;
  const newValues = after['enum'] as unknown[] | undefined;
  if (!newValues) return;
  if (!oldValues) {
    out.push({ kind: BreakKind.Narrowed, path, detail: `now limited to ${JSON.stringify(newValues)}` });
    return;
  }
  for (const value of oldValues) {
    if (!newValues.some((v) => JSON.stringify(v) === JSON.stringify(value))) {
      out.push({ kind: BreakKind.RemovedEnumValue, path, detail: `${JSON.stringify(value)} is no longer allowed` });
    }
  }
}

function compareObjects(before: Schema, after: Schema, path: string, roots: Roots, out: BreakingChange[]): void {
  const oldProps = (before['properties'] ?? {}) as Record<string, unknown>;
  const newProps = (after['properties'] ?? {}) as Record<string, unknown>;
  const join = (key: string) => (path ? `${path}.${key}` : key);
  for (const [key, oldProp] of Object.entries(oldProps)) {
    if (!(key in newProps)) out.push({ kind: BreakKind.RemovedField, path: join(key), detail: 'field removed or renamed' });
    else compare(oldProp, newProps[key], join(key), roots, out);
  }
  const wasRequired = new Set((before['required'] ?? []) as string[]);
  for (const key of (after['required'] ?? []) as string[]) {
    if (!wasRequired.has(key)) {
      out.push({ kind: BreakKind.NewRequiredField, path: join(key), detail: key in oldProps ? 'optional field became required' : 'new field is required' });
    }
  }
  if (before['additionalProperties'] !== false && after['additionalProperties'] === false && Object.keys(oldProps).length > 0) {
    out.push({ kind: BreakKind.Narrowed, path, detail: 'additional properties no longer allowed' });
  }
}

function typesOf(schema: Schema): string[] | undefined {
  const type = schema['type'];
  if (type === undefined) return undefined;
  return Array.isArray(type) ? (type as string[]) : [type as string];
}

/** Follows local `$ref`s (`#/$defs/X`, `#/definitions/X`) within the schema's own document. */
function resolve(node: unknown, root: Schema, seen = new Set<string>()): Schema {
  const schema = (node ?? {}) as Schema;
  const ref = schema['$ref'];
  if (typeof ref !== 'string' || !ref.startsWith('#/') || seen.has(ref)) return schema;
  seen.add(ref);
  const target = ref
    .slice(2)
    .split('/')
    .reduce<unknown>((at, segment) => (at as Record<string, unknown> | undefined)?.[segment.replaceAll('~1', '/').replaceAll('~0', '~')], root);
  const { $ref: _ref, ...siblings } = schema;
  return { ...resolve(target, root, seen), ...siblings };
}
