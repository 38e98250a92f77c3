// `npm run test:faults`: every fault scenario on a 3-broker cluster started by tools/kafka,
// with order-api and three listener replicas as separate processes (about 6 minutes).
import { faultSuite } from './fault-suite.js';
import { leaderKilled, leaderPaused, rollingRestart, twoBrokersKilled } from './faults.js';

faultSuite({
  title: 'fault injection on a 3-broker cluster',
  cluster: 'faults',
  basePort: 29900,
  faults: [leaderKilled, leaderPaused, rollingRestart, twoBrokersKilled],
});
