// @tacocloud/peers: the Spring Boot original and a NestJS Kafka service, built once per
// source hash and started like our apps, for the bench and the interop tests.
export { ensureNestBuild, nestCommand } from './nestjs.js';
export { freePort, PEERS, startPeer, type PeerKind, type RunningPeer, type StartPeerOptions } from './peer-process.js';
export { ensureSpringJar, springCommand } from './spring.js';
