import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
const [dir, fn, file] = process.argv.slice(2);
const ticks = new Map<number, number>();
let total = 0;
for (const f of readdirSync(dir!).filter((x) => x.endsWith('.cpuprofile'))) {
  const { nodes } = JSON.parse(readFileSync(join(dir!, f), 'utf8'));
  for (const n of nodes) {
    total += n.hitCount ?? 0;
    if (n.callFrame.functionName !== fn || !n.callFrame.url.includes(file!)) continue;
    for (const p of n.positionTicks ?? []) ticks.set(p.line, (ticks.get(p.line) ?? 0) + p.ticks);
  }
}
const src = readFileSync(file!, 'utf8').split('\n');
for (const [line, t] of [...ticks].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(((t / total) * 100).toFixed(2).padStart(6), line, src[line - 1]?.trim().slice(0, 110));
