import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
const [dir, fn] = process.argv.slice(2);
const by = new Map<string, number>(); let total = 0;
for (const f of readdirSync(dir!).filter((x) => x.endsWith('.cpuprofile'))) {
  const { nodes } = JSON.parse(readFileSync(join(dir!, f), 'utf8'));
  const parent = new Map<number, any>();
  for (const n of nodes) for (const c of n.children ?? []) parent.set(c, n);
  for (const n of nodes) {
    total += n.hitCount ?? 0;
    if ((n.callFrame.functionName || '(anonymous)') !== fn || !n.hitCount) continue;
    const p = parent.get(n.id);
    const k = `${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1} <- ${p?.callFrame.functionName} ${p?.callFrame.url.split('/').slice(-2).join('/')}:${p?.callFrame.lineNumber + 1}`;
    by.set(k, (by.get(k) ?? 0) + n.hitCount);
  }
}
for (const [k, v] of [...by].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(((v / total) * 100).toFixed(2), k);
