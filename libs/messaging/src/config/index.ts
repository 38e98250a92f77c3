export { brokerList, decimalVar, integerVar, LogLevel, optionalIntegerVar, parseEnv, Profile } from './env.js';
export {
  DEFAULT_LISTENER_GROUP,
  MESSAGING_ENV,
  MessagingEnv,
  messagingConfigFrom,
  profileRules,
  type MessagingConfig,
} from './messaging-config.js';
export { configOrExit } from './config-or-exit.js';
export {
  KAFKA_SECURITY_ENV,
  kafkaSecurityFrom,
  loadKafkaSecurity,
  PLAINTEXT,
  SaslMechanism,
  secretFileVar,
  SecurityProtocol,
  securityRules,
  type KafkaSasl,
  type KafkaSecurity,
  type KafkaTls,
} from './kafka-security.js';
export { Secret } from './secret.js';
