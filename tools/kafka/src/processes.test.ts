import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { brokerExited, waitForExit } from './processes.js';

describe('brokerExited (the start-up check)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'broker-exited-'));
  const pidFile = join(dir, 'broker.pid');
  const propertiesFile = join(dir, 'server.properties');
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
  const recorded = (command: string, args: string[]) => {
    const child = spawn(command, args, { stdio: 'ignore' });
    children.push(child);
    writeFileSync(pidFile, String(child.pid));
    return child;
  };

  it("should say no while the recorded process runs, whether or not its command line is yet the broker's", () => {
    recorded('sh', ['-c', 'sleep 30', 'kafka.Kafka', propertiesFile]);
    expect(brokerExited(pidFile, propertiesFile)).toBe(false);
    // What taskset is, for a moment, before it has become java.
    recorded('sleep', ['30']);
    expect(brokerExited(pidFile, propertiesFile)).toBe(false);
  });

  it('should say yes once the recorded process is gone, or when none was recorded', async () => {
    const child = recorded('sh', ['-c', 'sleep 30', 'kafka.Kafka', propertiesFile]);
    child.kill('SIGKILL');
    expect(await waitForExit(child.pid!, 10_000)).toBe(true);
    expect(brokerExited(pidFile, propertiesFile)).toBe(true);
    expect(brokerExited(join(dir, 'none.pid'), propertiesFile)).toBe(true);
  });
});
