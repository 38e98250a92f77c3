// Programmatic API of tools/kafka, used by the test harness, the dev runner and benchmarks.
export { startCluster, stopCluster, type StartOptions } from './cluster.js';
export { ACL_TABLE, aclBindings, type AclBinding, type AclRule } from './acls.js';
export { clientEnv, kcatCommand } from './secured-cluster.js';
export { kafkaJsAuth, passwordFile, PRINCIPALS, securityFiles, type Principal } from './security.js';
export type { SecurityOption } from './store.js';
export { tailFile } from './logs.js';
export { nodeAction, type NodeAction } from './node-actions.js';
export { clusterStatus, isClusterRunning, type ClusterStatus } from './status.js';
export { loadCluster, type RunningCluster } from './store.js';
export { KafkaToolError } from './errors.js';
export { ensureJars, kafkaVersion } from './jars.js';
export { findJava } from './java.js';
