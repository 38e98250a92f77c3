// Where the time goes: self time per function and per package from a V8 CPU profile
// (`node --cpu-prof`), the hottest first, as a share of the CPU time used (idle excluded).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  hitCount?: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

export interface Hotspot {
  name: string;
  selfPercent: number;
}

export interface ProfileSummary {
  functions: Hotspot[];
  packages: Hotspot[];
}

export function summarizeProfiles(dir: string, top = 12): ProfileSummary {
  const files = readdirSync(dir).filter((file) => file.endsWith('.cpuprofile'));
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  let total = 0;
  for (const file of files) {
    const { nodes } = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { nodes: ProfileNode[] };
    for (const node of nodes) {
      const hits = node.hitCount ?? 0;
      // Idle time is the process waiting (on Kafka, on clients): not where CPU goes.
      if (hits === 0 || node.callFrame.functionName === '(idle)') continue;
      total += hits;
      const { functionName, url, lineNumber } = node.callFrame;
      const where = url.replace(/^file:\/\//, '').replace(/^.*?node_modules\//, '');
      const name = `${functionName || '(anonymous)'} ${where ? `${where.split('/').slice(-2).join('/')}:${lineNumber + 1}` : ''}`.trim();
      byFunction.set(name, (byFunction.get(name) ?? 0) + hits);
      byPackage.set(packageOf(url, functionName), (byPackage.get(packageOf(url, functionName)) ?? 0) + hits);
    }
  }
  const rank = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, hits]) => ({ name, selfPercent: total ? Math.round((hits / total) * 1000) / 10 : 0 }));
  return { functions: rank(byFunction), packages: rank(byPackage) };
}

function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native/V8)';
  if (url.startsWith('node:')) return 'node core';
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match) return match[1]!;
  const workspace = /\/(apps|libs|tools)\/([^/]+)\//.exec(url);
  return workspace ? `${workspace[1]}/${workspace[2]}` : 'other';
}
