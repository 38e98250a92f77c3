// The quick fault scenarios, in every `npm test`: the leader of a busy partition SIGKILLed
// (restarted 20 s later) while a listener replica is SIGKILLed too. The whole suite is
// `npm run test:faults`.
import { faultSuite } from './fault-suite.js';
import { leaderKilled } from './faults.js';

faultSuite({ title: 'leader fail-over on a 3-broker cluster', cluster: 'failover', basePort: 29600, faults: [leaderKilled] });
