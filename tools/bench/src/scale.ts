// How much work each stage does. `full` is what `npm run bench` measures; `tiny` checks the
// harness end to end in seconds (npm test) and says nothing about speed.
export interface Scale {
  name: 'full' | 'tiny';
  /** Measured runs per figure (the report shows their median, min and max), after one warm-up. */
  runs: number;
  /**
   * Measured runs of raw kafkajs and the typed producers, taking turns: a run takes seconds, and
   * from one run to the next their figures move by more than the gap between them.
   */
  producerRuns: number;
  producerRecords: number;
  consumerRecords: number;
  httpSeconds: number;
  httpConnections: number;
  e2eRate: number;
  e2eSeconds: number;
  /** Sent before the timed part of each end-to-end run (JIT, connections, the group's first fetches) and not recorded. */
  e2eWarmUpSeconds: number;
  /** autocannon connections for the second order-api row: many clients at once. */
  httpManyConnections: number;
  /** HTTP warm-up runs go on until an app's CPU per request settles, at most this many. */
  httpMaxWarmUpRuns: number;
}

export const SCALES: Record<Scale['name'], Scale> = {
  full: {
    name: 'full',
    runs: 3,
    producerRuns: 7,
    producerRecords: 100_000,
    consumerRecords: 100_000,
    httpSeconds: 10,
    httpConnections: 64,
    e2eRate: 2_000,
    e2eSeconds: 30,
    // A fresh order-api's first 5-10 s at 2,000/s still ran partly unoptimized code: with 5 s
    // of warm-up the first timed seconds of the first run held its p99 (34-90 ms, then 23-25).
    e2eWarmUpSeconds: 10,
    httpManyConnections: 256,
    httpMaxWarmUpRuns: 5,
  },
  tiny: {
    name: 'tiny',
    runs: 1,
    producerRuns: 1,
    producerRecords: 500,
    consumerRecords: 500,
    httpSeconds: 1,
    httpConnections: 4,
    e2eRate: 100,
    e2eSeconds: 1,
    e2eWarmUpSeconds: 1,
    httpManyConnections: 8,
    httpMaxWarmUpRuns: 1,
  },
};
