// Values the Vitest global setup (tools/kafka/src/vitest-global-setup.ts) provides to tests.
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Bootstrap servers of the Kafka the tests run against, comma-separated. */
    kafkaBrokers: string;
  }
}
