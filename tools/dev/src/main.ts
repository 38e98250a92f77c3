// `npm start`: the whole system on one machine. Starts the local Kafka (unless
// KAFKA_BROKERS points at one), order-api on PORT (8080), LISTENER_REPLICAS
// order-listeners and the console on CONSOLE_PORT (8070), prints a curl to try it and the
// console's URL, and stops everything it started on Ctrl-C.
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { isClusterRunning, KafkaToolError, startCluster, stopCluster } from '@tacocloud/kafka-tools';
import { answersTcp, portIsFree, startApp, stopApp, waitForHttp, type AppProcess } from './processes.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const APP_GRACE_MS = 35_000;
/** How long a broker in KAFKA_BROKERS has to accept a connection before the apps start. */
const BROKER_CHECK_MS = 5_000;

interface RunnerEnv {
  brokers: string | undefined;
  replicas: number;
  port: number;
  consolePort: number;
  /** Undefined: one is made up for this run and printed. */
  operatorToken: string | undefined;
}

function readEnv(env: NodeJS.ProcessEnv): RunnerEnv {
  // An empty value counts as unset, as the apps' own config has it (docs/configuration.md).
  const replicas = Number(env['LISTENER_REPLICAS'] || '1');
  const port = Number(env['PORT'] || '8080');
  if (!Number.isInteger(replicas) || replicas < 1 || replicas > 12) {
    throw new KafkaToolError(`LISTENER_REPLICAS must be 1 to 12, not '${env['LISTENER_REPLICAS']}'.`, 'e.g. LISTENER_REPLICAS=3 npm start');
  }
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    // 0 is the apps' "any free port"; this runner prints fixed URLs and puts the listeners on PORT+1..
    throw new KafkaToolError(`PORT must be a port number (1 to 65535), not '${env['PORT']}'.`, 'e.g. PORT=8080 npm start');
  }
  const consolePort = Number(env['CONSOLE_PORT'] || '8070');
  if (
    !Number.isInteger(consolePort) ||
    consolePort < 1 ||
    consolePort > 65_535 ||
    (consolePort >= port && consolePort <= port + replicas)
  ) {
    throw new KafkaToolError(
      `CONSOLE_PORT must be a port number outside ${port}..${port + replicas} (order-api and the listeners), not '${env['CONSOLE_PORT']}'.`,
      'e.g. CONSOLE_PORT=8070 npm start',
    );
  }
  return {
    brokers: env['KAFKA_BROKERS']?.trim() || undefined,
    replicas,
    port,
    consolePort,
    operatorToken: env['CONSOLE_OPERATOR_TOKEN']?.trim() || undefined,
  };
}

async function main(): Promise<void> {
  const env = readEnv(process.env);
  const apps: AppProcess[] = [];
  let startedKafka = false;
  let kafkaStarting: Promise<unknown> | undefined;
  let stopping = false;

  const shutdown = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping the console, order-listener(s), order-api' + (startedKafka ? ' and Kafka' : '') + '...');
    // A broker stopped while it starts would read as a failed start (and suggest wiping its
    // data): it is let finish first, and no app starts after it.
    await kafkaStarting?.catch(() => undefined);
    await Promise.all(apps.filter((app) => app.name !== 'order-api').map((app) => stopApp(app, APP_GRACE_MS)));
    await Promise.all(apps.filter((app) => app.name === 'order-api').map((app) => stopApp(app, APP_GRACE_MS)));
    if (startedKafka) await stopCluster({ log: (line) => console.log(`[kafka] ${line}`) });
    process.exit(exitCode);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(0));

  // Probing readiness on a port someone else holds would report that other process as ours.
  for (let port = env.port; port <= env.port + env.replicas; port++) {
    if (!(await portIsFree(port))) {
      throw new KafkaToolError(
        `Port ${port} is already in use${port === env.port ? ' (order-api)' : ' (an order-listener health port)'}.`,
        `stop what listens there (an earlier \`npm start\`?), or choose other ports with PORT=<n> npm start.`,
      );
    }
  }
  if (!(await portIsFree(env.consolePort))) {
    throw new KafkaToolError(
      `Port ${env.consolePort} is already in use (the console).`,
      `stop what listens there (an earlier \`npm start\`?), or choose another port with CONSOLE_PORT=<n> npm start.`,
    );
  }

  let brokers = env.brokers;
  if (!brokers) {
    startedKafka = !isClusterRunning();
    const starting = startCluster({ log: (line) => console.log(`[kafka] ${line}`) });
    kafkaStarting = starting;
    const cluster = await starting;
    if (stopping) return;
    brokers = cluster.bootstrap;
    console.log(`[kafka] ${startedKafka ? 'Started' : 'Using the running'} local Kafka at ${brokers}`);
  } else {
    console.log(`[kafka] Using KAFKA_BROKERS=${brokers}`);
    // Said once, here: otherwise each app retries for two minutes, in stack traces.
    const answers = await Promise.all(brokers.split(',').map((address) => answersTcp(address.trim(), BROKER_CHECK_MS)));
    if (!answers.some(Boolean)) {
      throw new KafkaToolError(
        `No broker in KAFKA_BROKERS (${brokers}) accepts a connection.`,
        'check the addresses and that the cluster is up, or unset KAFKA_BROKERS to run a local Kafka',
      );
    }
  }

  if (stopping) return;

  const common = { KAFKA_BROKERS: brokers };
  // order-api serves /health on PORT here, where this runner waits for it to be ready: a
  // HEALTH_PORT from the shell would move it, onto the first listener's port by default.
  const api = startApp('order-api', 0, 'apps/order-api/src/main.ts', { ...common, PORT: String(env.port), HEALTH_PORT: undefined }, root);
  apps.push(api);
  for (let i = 1; i <= env.replicas; i++) {
    const healthPort = String(env.port + i);
    apps.push(startApp(`listener-${i}`, i, 'apps/order-listener/src/main.ts', { ...common, HEALTH_PORT: healthPort }, root));
  }
  // A token made up for this run unless one is given: the operations page is never open.
  const operatorToken = env.operatorToken ?? randomBytes(18).toString('base64url');
  const metricsUrls = Array.from({ length: env.replicas }, (_, i) => `http://localhost:${env.port + i + 1}/metrics`);
  apps.push(
    startApp(
      'console',
      env.replicas + 1,
      'apps/console/src/main.ts',
      {
        ...common,
        CONSOLE_PORT: String(env.consolePort),
        CONSOLE_OPERATOR_TOKEN: operatorToken,
        LISTENER_METRICS_URLS: metricsUrls.join(','),
      },
      root,
    ),
  );
  for (const app of apps) {
    void app.exited.then((code) => {
      if (stopping) return;
      console.error(`[dev] ${app.name} exited unexpectedly (code ${code}); stopping everything.`);
      void shutdown(1);
    });
  }

  const base = `http://localhost:${env.port}`;
  if (!(await waitForHttp(`${base}/health/ready`, 120_000, () => !stopping))) {
    if (!stopping) console.error(`[dev] order-api did not become ready at ${base}/health/ready; see its log above.`);
    return shutdown(1);
  }
  console.log(`
  Taco Cloud is running: order-api on ${base}, ${env.replicas} order-listener(s), Kafka at ${brokers}.

  Place the sample order (from another terminal, in this folder):

    curl -i -X POST ${base}/orders -H 'Content-Type: application/json' --data @tools/dev/sample-order.json

  The listener logs "Received order <id> from partition <p> with timestamp <ts>".
  API docs: ${base}/openapi.json   Health: ${base}/health/ready   Stop: Ctrl-C

  Console: http://localhost:${env.consolePort}/ (live orders)   http://localhost:${env.consolePort}/operations (lag, dead letters)
  ${env.operatorToken ? 'Operator token: the CONSOLE_OPERATOR_TOKEN you set.' : `Operator token for this run: ${operatorToken}`}
`);
}

main().catch((error: unknown) => {
  console.error(error instanceof KafkaToolError ? `npm start: ${error.explain()}` : error);
  process.exit(1);
});
