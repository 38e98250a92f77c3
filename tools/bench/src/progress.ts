// Progress of a long run: each phase says when it starts and how long it should take, every
// 30 s how far it is, and when it ends, so nobody stares at a silent terminal for 12 minutes.
const EVERY_MS = 30_000;

export type Phase = <T>(name: string, expectedSeconds: number, work: () => Promise<T>) => Promise<T>;

export function phases(log: (line: string) => void): Phase {
  return async (name, expectedSeconds, work) => {
    const started = performance.now();
    const elapsed = () => Math.round((performance.now() - started) / 1000);
    log(`${name}: starting, expected to take about ${Math.round(expectedSeconds)} s`);
    const timer = setInterval(() => log(`${name}: ${elapsed()} s of about ${Math.round(expectedSeconds)} s`), EVERY_MS);
    try {
      return await work();
    } finally {
      clearInterval(timer);
      log(`${name}: done in ${elapsed()} s`);
    }
  };
}
