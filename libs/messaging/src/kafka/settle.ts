// Waits for a kafkajs operation that may hang while the cluster is down (a disconnect waiting
// on requests to dead brokers), at most so long: shutting down must finish in bounded time.

/** Whether `operation` settled within `ms`; a late rejection is observed, never unhandled. */
export async function settledWithin(operation: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([
      operation.then(
        () => true,
        () => true,
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
