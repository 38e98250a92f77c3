// The NestJS peer compiled with tsc (Nest's injection needs the decorator metadata tsc emits
// and tsx does not), once per source hash. It runs under tsx all the same, so that
// @tacocloud/contract resolves to its TypeScript sources as everywhere in the workspace.
import { spawnSync } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { distDir, peersRoot, removeStale, sourceHash, tail, workspaceRoot } from './build-cache.js';

const BUILD_PREFIX = 'nestjs-';

export function ensureNestBuild(log: (line: string) => void = () => undefined): string {
  const name = `${BUILD_PREFIX}${sourceHash(['nestjs/tsconfig.json', 'nestjs/src'])}`;
  const main = join(distDir, name, 'main.js');
  if (existsSync(main)) return main;

  log('Compiling the NestJS peer with tsc...');
  const partial = join(distDir, `${name}.${process.pid}.partial`);
  const tsc = createRequire(join(workspaceRoot, 'package.json')).resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', join(peersRoot, 'nestjs', 'tsconfig.json'), '--outDir', partial], {
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    rmSync(partial, { recursive: true, force: true });
    throw new Error(`Could not compile the NestJS peer (tsc exit ${result.status}):\n${tail(`${result.stdout}${result.stderr}`, 20)}`);
  }
  // Another run may have finished the same build meanwhile: keep the one that is in use.
  if (existsSync(main)) rmSync(partial, { recursive: true, force: true });
  else renameSync(partial, join(distDir, name));
  removeStale(BUILD_PREFIX, name);
  return main;
}

/** The command line that runs the compiled peer. */
export function nestCommand(main: string, nodeArgs: readonly string[] = []): [string, string[]] {
  return [process.execPath, [...nodeArgs, '--import', 'tsx', '--conditions=@tacocloud/source', main]];
}
