// The CLI as a user runs it, on a separate cluster name so the test broker is untouched.
import { spawnSync } from 'node:child_process';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const kafkaWith = (env: NodeJS.ProcessEnv, ...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', '--conditions=@tacocloud/source', 'tools/kafka/src/cli.ts', ...args], {
    cwd: root,
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
const kafka = (...args: string[]) => kafkaWith(process.env, ...args);

describe('npm run kafka', () => {
  const servers: Server[] = [];
  afterAll(() => servers.forEach((server) => server.close()));

  it('start should name the port that is taken and how to fix it', async () => {
    const server = createServer();
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(29592, '127.0.0.1', resolve));
    const result = kafka('start', '--cluster', 'cli-port-test', '--port', '29592', '--fresh');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Port 29592 \(node 1\) is already in use/);
    expect(result.stderr).toMatch(/fix: .*--port/);
  });

  it('should reject unknown commands and bad ids with a pointer to --help', () => {
    expect(kafka('explode').stderr).toMatch(/Unknown command 'explode'.*\n.*fix: see `npm run kafka -- --help`/);
    expect(kafka('kill').stderr).toMatch(/'kill' needs a broker id/);
    expect(kafka('start', '--brokers', '2', '--cluster', 'cli-brokers-test').stderr).toMatch(/--brokers must be 1 or 3/);
    expect(kafka('start', '--security', 'tls', '--cluster', 'cli-security-test').stderr).toMatch(
      /--security must be plaintext or sasl_ssl, not 'tls'/,
    );
    expect(kafka('env', '--cluster', 'cli-security-test').stderr).toMatch(/'env' needs --principal/);
  });

  it('lag should say in a line, with no stack, that no broker answers', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const result = kafkaWith({ ...process.env, KAFKA_BROKERS: `127.0.0.1:${port}` }, 'lag');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^kafka: Could not read the lag of group order-listener: .+\n {2}fix: check KAFKA_BROKERS/m);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('--help should list every command', () => {
    const help = kafka('--help').stdout;
    for (const command of ['start', 'stop', 'status', 'logs', 'kill', 'pause', 'resume', 'restart', 'lag', 'env', '--security'])
      expect(help).toContain(command);
  });
});
