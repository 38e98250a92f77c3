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
