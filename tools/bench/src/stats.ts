// A figure measured several times: the median is reported, with min and max beside it.
export interface Figure {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

export function figure(runs: number[]): Figure {
  const sorted = [...runs].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0]!, max: sorted.at(-1)!, runs };
}

/** Runs `once` a first time as warm-up (JIT, connections, group coordinator), then `runs` times. */
export async function measure(runs: number, once: (run: number) => Promise<number>): Promise<Figure> {
  await once(-1);
  const results: number[] = [];
  for (let run = 0; run < runs; run++) results.push(await once(run));
  return figure(results);
}

/**
 * Like `measure` for several contenders compared by ratio: each warms up once, then the runs go
 * round in turn (a, b, c, a, b, c, ...), so a machine or broker that drifts over the minutes the
 * rows take (a busy neighbour, a growing log) weighs on every row alike, not on whichever ran last.
 */
export async function measureInterleaved<K extends string>(
  runs: number,
  contenders: Record<K, () => Promise<number>>,
): Promise<Record<K, Figure>> {
  const names = Object.keys(contenders) as K[];
  for (const name of names) await contenders[name]();
  const results = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  for (let run = 0; run < runs; run++) for (const name of names) results[name].push(await contenders[name]());
  return Object.fromEntries(names.map((name) => [name, figure(results[name])])) as Record<K, Figure>;
}

export function ratio(numerator: Figure, denominator: Figure): number {
  return denominator.median === 0 ? 0 : numerator.median / denominator.median;
}
