// `npm run kafka -- <command>`: run and operate a local Apache Kafka cluster.
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { kafkaJsSecurity, loadKafkaSecurity } from '@tacocloud/messaging';
import { clusterStatus, loadCluster, nodeAction, startCluster, stopCluster, tailFile, type NodeAction } from './index.js';
import { KafkaToolError } from './errors.js';
import { consumerLag, type PartitionLag } from './lag.js';
import type { ClientAuth } from './probe.js';
import { clientEnv, describePrincipal, toolAuth } from './secured-cluster.js';
import { PRINCIPALS } from './security.js';
import { SECURITY_OPTIONS, type RunningCluster, type SecurityOption } from './store.js';

const USAGE = `Usage: npm run kafka -- <command> [options]

Commands:
  start [--brokers 1|3] [--port 9092] [--fresh]   start a KRaft cluster, print its bootstrap list
        [--controller-port 9192]                 controller port of node 1 (default: --port + 100)
        [--security plaintext|sasl_ssl]          sasl_ssl: TLS + SCRAM users + least-privilege ACLs;
        [--orders-topic tacocloud.orders.topic]  prints each principal's connection settings
        [--listener-group order-listener]        (the names the ACLs are written for)
  env --principal <name> [--json]                a secured cluster's connection settings for one of
                                                 ${PRINCIPALS.join(', ')}
  stop [<id>]                                      stop the whole cluster, or one broker
  status                                           brokers, active controller and topics
  logs [<id>] [--lines 50] [--follow]              the brokers' logs
  kill <id>                                        SIGKILL one broker
  pause <id> | resume <id>                         SIGSTOP / SIGCONT one broker
  restart <id>                                     (re)start one broker and wait until it rejoins
  bootstrap                                        print the bootstrap list only
  lag [--group order-listener] [--json]            per partition: committed offset, end offset,
                                                   lag and owning member, for a consumer group
                                                   of KAFKA_BROKERS (else of the local cluster,
                                                   as admin on a secured one)

Options:
  --cluster <name>   which local cluster (default: dev; the tests use 'test')
  --fresh            wipe the cluster's data and logs before starting
`;

const NODE_ACTIONS: readonly NodeAction[] = ['stop', 'kill', 'pause', 'resume', 'restart'];

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      brokers: { type: 'string' },
      port: { type: 'string' },
      'controller-port': { type: 'string' },
      security: { type: 'string' },
      'orders-topic': { type: 'string' },
      'listener-group': { type: 'string' },
      principal: { type: 'string' },
      fresh: { type: 'boolean', default: false },
      cluster: { type: 'string', default: 'dev' },
      lines: { type: 'string', default: '50' },
      follow: { type: 'boolean', short: 'f', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      group: { type: 'string', default: 'order-listener' },
      json: { type: 'boolean', default: false },
    },
  });
  const [command, arg] = positionals;
  const options = { name: values.cluster, log: (line: string) => console.log(line) };
  if (values.help || !command) return void console.log(USAGE);

  switch (command) {
    case 'start': {
      const cluster = await startCluster({
        ...options,
        fresh: values.fresh,
        ...(values.brokers !== undefined && { brokers: integer('--brokers', values.brokers) }),
        ...(values.port !== undefined && { basePort: integer('--port', values.port) }),
        ...(values['controller-port'] !== undefined && { controllerBasePort: integer('--controller-port', values['controller-port']) }),
        ...(values.security !== undefined && { security: securityOption(values.security) }),
        ...(values['orders-topic'] !== undefined && { ordersTopic: values['orders-topic'] }),
        ...(values['listener-group'] !== undefined && { listenerGroup: values['listener-group'] }),
      });
      printStarted(cluster);
      return;
    }
    case 'env': {
      if (values.principal === undefined) {
        throw new KafkaToolError(
          "'env' needs --principal.",
          `e.g. \`npm run kafka -- env --principal order-api\` (one of ${PRINCIPALS.join(', ')}).`,
        );
      }
      const cluster = loadCluster(options);
      if (values.json) return void console.log(JSON.stringify(clientEnv(cluster, values.principal)));
      for (const line of describePrincipal(cluster, values.principal)) console.log(line);
      return;
    }
    case 'stop':
      if (arg !== undefined) return nodeAction(integer('<id>', arg), 'stop', options);
      return stopCluster(options);
    case 'status':
      return printStatus(values.cluster);
    case 'bootstrap':
      return void console.log(loadCluster(options).bootstrap);
    case 'lag': {
      const external = process.env['KAFKA_BROKERS']?.trim();
      if (external) return printLag(external, externalAuth(), values.group, values.json);
      const cluster = loadCluster(options);
      return printLag(cluster.bootstrap, toolAuth(cluster), values.group, values.json);
    }
    case 'logs':
      return showLogs(values.cluster, arg, integer('--lines', values.lines), values.follow);
    default:
      if (!NODE_ACTIONS.includes(command as NodeAction)) {
        throw new KafkaToolError(`Unknown command '${command}'.`, 'see `npm run kafka -- --help`.');
      }
      if (arg === undefined) throw new KafkaToolError(`'${command}' needs a broker id.`, `e.g. \`npm run kafka -- ${command} 2\`.`);
      return nodeAction(integer('<id>', arg), command as NodeAction, options);
  }
}

function printStarted(cluster: RunningCluster): void {
  if (!cluster.security) {
    console.log(`Kafka is up: ${cluster.nodes.length} broker(s).`);
    console.log(`KAFKA_BROKERS=${cluster.bootstrap}`);
    return;
  }
  console.log(`Kafka is up: ${cluster.nodes.length} broker(s), SASL_SSL only, least-privilege ACLs (docs/local-kafka.md).`);
  console.log(`Topics: ${cluster.security.ordersTopic} and its DLT; listener group: ${cluster.security.listenerGroup}.`);
  for (const principal of PRINCIPALS) {
    console.log(`\n# ${principal}${principal === 'admin' ? ' (super user: for tools and operators, not for apps)' : ''}`);
    for (const line of describePrincipal(cluster, principal)) console.log(line);
  }
}

function securityOption(value: string): SecurityOption {
  if (!(SECURITY_OPTIONS as readonly string[]).includes(value)) {
    throw new KafkaToolError(`--security must be ${SECURITY_OPTIONS.join(' or ')}, not '${value}'.`, 'see `npm run kafka -- --help`.');
  }
  return value as SecurityOption;
}

async function printStatus(name: string): Promise<void> {
  const status = await clusterStatus({ name });
  console.log(`cluster    ${status.name} (${status.reachable ? 'reachable' : 'NOT reachable'})`);
  console.log(`bootstrap  ${status.bootstrap}`);
  console.log(`controller ${status.controller !== undefined ? `node ${status.controller} (active quorum leader)` : 'unknown'}`);
  console.log('brokers');
  for (const node of status.nodes) {
    const pid = node.pid !== undefined ? `pid ${node.pid}` : 'no process';
    console.log(
      `  ${node.id}  ${node.address}  ${node.state.padEnd(7)}  ${pid.padEnd(11)}  ${node.registered ? 'registered' : 'not registered'}`,
    );
  }
  console.log(`topics     ${status.topics.length === 0 ? '(none)' : status.topics.join(', ')}`);
}

/** For KAFKA_BROKERS: the apps' own KAFKA_SECURITY_PROTOCOL, KAFKA_SSL_* and KAFKA_SASL_* settings. */
function externalAuth(): ClientAuth {
  return kafkaJsSecurity(loadKafkaSecurity(process.env));
}

async function printLag(bootstrap: string, auth: ClientAuth, group: string, json: boolean): Promise<void> {
  const rows = await consumerLag(bootstrap.split(','), group, auth);
  if (json) return void console.log(JSON.stringify(rows));
  if (rows.length === 0) return void console.log(`Group ${group} has no committed offsets and no members.`);
  const cell = (row: PartitionLag) => [
    row.topic,
    String(row.partition),
    row.committed ?? '-',
    row.end,
    row.lag ?? '-',
    row.owner ? `${row.owner.clientId} ${row.owner.host} ${row.owner.memberId}` : '-',
  ];
  const table = [['TOPIC', 'PARTITION', 'COMMITTED', 'END', 'LAG', 'OWNER (client id, host, member)'], ...rows.map(cell)];
  const widths = table[0]!.map((_, column) => Math.max(...table.map((line) => line[column]!.length)));
  for (const line of table)
    console.log(
      line
        .map((value, column) => value.padEnd(widths[column]!))
        .join('  ')
        .trimEnd(),
    );
  const total = rows.reduce((sum, row) => sum + BigInt(row.lag ?? 0), 0n);
  console.log(`\nGroup ${group}: total lag ${total}.`);
}

function showLogs(name: string, id: string | undefined, lines: number, follow: boolean): void {
  const nodes = loadCluster({ name }).nodes.filter((node) => id === undefined || String(node.id) === id);
  if (nodes.length === 0) throw new KafkaToolError(`No broker ${id} in cluster '${name}'.`, 'check `npm run kafka -- status`.');
  if (follow) {
    spawn('tail', ['-n', String(lines), '-F', ...nodes.map((n) => n.logFile)], { stdio: 'inherit' });
    return;
  }
  for (const node of nodes) console.log(`==> broker ${node.id}: ${node.logFile} <==\n${tailFile(node.logFile, lines)}\n`);
}

function integer(name: string, value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) {
    throw new KafkaToolError(`${name} must be a positive integer, not '${value}'.`, 'see `npm run kafka -- --help`.');
  }
  return parsed;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof KafkaToolError) {
    console.error(`kafka: ${error.explain()}`);
  } else {
    console.error('kafka: unexpected failure:', error);
  }
  process.exitCode = 1;
});
