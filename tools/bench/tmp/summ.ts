import { summarizeProfiles } from '../src/profile.js';
const s = summarizeProfiles(process.argv[2]!, Number(process.argv[3] ?? 40));
for (const f of s.functions) console.log(f.selfPercent.toFixed(1).padStart(5), f.name);
console.log('---');
for (const f of s.packages) console.log(f.selfPercent.toFixed(1).padStart(5), f.name);
