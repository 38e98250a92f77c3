// Turns the apps' JSON log lines into short readable ones with a coloured prefix per process.
import { prettyFactory } from 'pino-pretty';

const COLOURS = [36, 35, 33, 32, 34, 31];

export function linePrinter(name: string, index: number, colour: boolean): (line: string) => string {
  const pretty = prettyFactory({
    colorize: colour,
    translateTime: 'HH:MM:ss.l',
    ignore: 'pid,hostname,service,requestId,req,res,responseTime,component,namespace,correlationId',
    singleLine: true,
  });
  const prefix = colour ? `\u001b[${COLOURS[index % COLOURS.length]}m[${name}]\u001b[0m` : `[${name}]`;
  return (line: string) => {
    if (!line.startsWith('{')) return `${prefix} ${line}`;
    try {
      return `${prefix} ${pretty(line).trimEnd()}`;
    } catch {
      return `${prefix} ${line}`;
    }
  };
}
