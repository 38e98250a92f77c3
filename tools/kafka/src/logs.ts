// A broker's log, as much of its end as a person needs.
import { existsSync, readFileSync } from 'node:fs';

export function tailFile(file: string, lines: number): string {
  if (!existsSync(file)) return `(no log at ${file})`;
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}
