// Programmatic API of tools/kafka, used by the test harness, the dev runner and benchmarks.
export {
  clusterStatus,
  isClusterRunning,
  loadCluster,
  nodeAction,
  startCluster,
  stopCluster,
  tailFile,
  type ClusterStatus,
  type NodeAction,
  type RunningCluster,
  type StartOptions,
} from './cluster.js';
export { KafkaToolError } from './errors.js';
export { ensureJars, kafkaVersion } from './jars.js';
export { findJava } from './java.js';
