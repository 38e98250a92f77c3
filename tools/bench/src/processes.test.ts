import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pinnedAsShipped, SHIPPED_NODE_FLAGS } from './processes.js';

const dockerfile = readFileSync(new URL('../../../docker/app.Dockerfile', import.meta.url), 'utf8');

describe('pinnedAsShipped', () => {
  it("should measure an app with the node flags of the Docker image's command, before its entry", () => {
    const imageFlags = /^CMD \["sh", "-c", "exec node (.*) apps\/\$\{APP\}\/dist\/main\.js"\]$/m.exec(dockerfile)?.[1]?.split(' ');
    expect(imageFlags).toEqual(SHIPPED_NODE_FLAGS);

    const [, args] = pinnedAsShipped('node', ['apps/order-api/dist/main.js'], ['--cpu-prof']);
    const entry = args.indexOf('apps/order-api/dist/main.js');
    expect(args.slice(0, entry)).toEqual(expect.arrayContaining([...imageFlags!, '--cpu-prof']));
  });
});
