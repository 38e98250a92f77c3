// Builds are cached by a hash of their sources: the output's name carries the hash, so a
// later run (the bench, the tests, another checkout of the same sources) finds it and skips
// the build, and a changed source gets a new one. Older outputs are removed.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const peersRoot = fileURLToPath(new URL('..', import.meta.url));
export const workspaceRoot = join(peersRoot, '..', '..');
/** Git-ignored (`dist/`), like every build output in the workspace. */
export const distDir = join(peersRoot, 'dist');

/** A short hash of every file under `paths` (relative to tools/peers), names and contents. */
export function sourceHash(paths: readonly string[]): string {
  const hash = createHash('sha256');
  for (const file of paths.flatMap((path) => filesUnder(join(peersRoot, path))).sort()) {
    hash.update(relative(peersRoot, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).flatMap((name) => filesUnder(join(path, name)));
}

/** Removes earlier outputs named `<prefix><other hash>...` beside the current one; never another run's partial one. */
export function removeStale(prefix: string, keep: string): void {
  for (const name of readdirSync(distDir)) {
    if (name.startsWith(prefix) && name !== keep && !name.endsWith('.partial'))
      rmSync(join(distDir, name), { recursive: true, force: true });
  }
}

export function tail(text: string, lines: number): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
