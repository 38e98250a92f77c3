// Re-renders bench/results/latest.md from latest.json (after a change to the report's
// wording), without running the benchmark again.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from './processes.js';
import { renderMarkdown, type Report } from './report.js';

const dir = join(workspaceRoot, 'bench', 'results');
writeFileSync(join(dir, 'latest.md'), renderMarkdown(JSON.parse(readFileSync(join(dir, 'latest.json'), 'utf8')) as Report));
console.log('rewrote bench/results/latest.md');
