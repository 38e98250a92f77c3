import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
// total (self+children) hits of nodes named fn, grouped by caller chain (depth levels up)
const [dir, fn, depthS] = process.argv.slice(2);
const depth = Number(depthS ?? 2);
const by = new Map<string, number>(); let total = 0;
for (const f of readdirSync(dir!).filter((x) => x.endsWith('.cpuprofile'))) {
  const { nodes } = JSON.parse(readFileSync(join(dir!, f), 'utf8'));
  const byId = new Map<number, any>(); const parent = new Map<number, any>();
  for (const n of nodes) byId.set(n.id, n);
  for (const n of nodes) for (const c of n.children ?? []) parent.set(c, n);
  const subtotal = (n: any): number => (n.hitCount ?? 0) + (n.children ?? []).reduce((s: number, c: number) => s + subtotal(byId.get(c)), 0);
  for (const n of nodes) {
    total += n.hitCount ?? 0;
    if (n.callFrame.functionName !== fn) continue;
    let chain = ''; let p = parent.get(n.id);
    for (let i = 0; i < depth && p; i++, p = parent.get(p.id)) chain += ` <- ${p.callFrame.functionName || 'anon'} ${p.callFrame.url.split('/').slice(-2).join('/')}:${p.callFrame.lineNumber + 1}`;
    by.set(chain, (by.get(chain) ?? 0) + subtotal(n));
  }
}
for (const [k, v] of [...by].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(((v / total) * 100).toFixed(2), k);
