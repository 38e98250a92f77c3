import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pinnedAsShipped, SHIPPED_ENV, SHIPPED_NODE_FLAGS } from './processes.js';

const dockerfile = readFileSync(new URL('../../../docker/app.Dockerfile', import.meta.url), 'utf8');

describe('pinnedAsShipped', () => {
  it("should measure an app with the node flags of the Docker image's command, before its entry", () => {
    const imageFlags = /^CMD \["sh", "-c", "exec node (.*) apps\/\$\{APP\}\/dist\/main\.js"\]$/m.exec(dockerfile)?.[1]?.split(' ');
    expect(imageFlags).toEqual(SHIPPED_NODE_FLAGS);

    const [, args] = pinnedAsShipped('node', ['apps/order-api/dist/main.js'], ['--cpu-prof']);
    const entry = args.indexOf('apps/order-api/dist/main.js');
    expect(args.slice(0, entry)).toEqual(expect.arrayContaining([...imageFlags!, '--cpu-prof']));
  });

  it("should measure an app with the environment the Docker image's runtime sets", () => {
    const imageEnv = [...dockerfile.split('FROM ${NODE_IMAGE} AS runtime')[1]!.matchAll(/^ENV (MALLOC_\w+=\S+)$/gm)].map((m) => m[1]);
    expect(imageEnv).toEqual(SHIPPED_ENV);

    const [command, args] = pinnedAsShipped('node', ['apps/order-api/dist/main.js']);
    const commandLine = [command, ...args];
    expect(commandLine.slice(commandLine.indexOf('env') + 1, commandLine.indexOf('node'))).toEqual(imageEnv);
  });
});
