// `npm run test:faults`: every fault scenario on a 3-broker cluster started by tools/kafka,
// with order-api and three listener replicas as separate processes (about 3 minutes).
// Ports 30700-30702, controllers 30800-30802: apart from every other cluster of the workspace
// (npm test's 29092, 29300 and the leader fail-over's 29600-29602 with controllers 29700-29702).
import { faultSuite } from './fault-suite.js';
import { leaderKilled, leaderPaused, rollingRestart, twoBrokersKilled } from './faults.js';

faultSuite({
  title: 'fault injection on a 3-broker cluster',
  cluster: 'faults',
  basePort: 30700,
  faults: [leaderKilled, leaderPaused, rollingRestart, twoBrokersKilled],
});
