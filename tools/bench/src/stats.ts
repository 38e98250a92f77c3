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

export function ratio(numerator: Figure, denominator: Figure): number {
  return denominator.median === 0 ? 0 : numerator.median / denominator.median;
}
