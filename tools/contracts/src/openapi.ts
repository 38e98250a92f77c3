// The OpenAPI document of order-api, exactly as the running app serves it at /openapi.json.
// order-api prints it from its own entry point, run here as a process: a tool never imports an
// app's source (the module-boundary lint rule enforces it).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { workspaceRoot } from './paths.js';

const OPENAPI_ENTRY = 'apps/order-api/src/openapi-main.ts';
/** The document is about 20 KB; Node's 1 MB default would do, this leaves room to grow. */
const MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

export async function buildOpenApi(): Promise<Record<string, unknown>> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--conditions=@tacocloud/source', OPENAPI_ENTRY], {
    cwd: workspaceRoot,
    maxBuffer: MAX_OUTPUT_BYTES,
  });
  return JSON.parse(stdout) as Record<string, unknown>;
}

export function renderOpenApi(document: Record<string, unknown>): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
