// Where the contract documents live in the repo.
import { fileURLToPath } from 'node:url';

const root = new URL('../../../', import.meta.url);
export const workspaceRoot = fileURLToPath(root);
/** Generated JSON Schemas, shipped in the @tacocloud/contract package. */
export const schemasDir = fileURLToPath(new URL('libs/contract/schemas/', root));
/** AsyncAPI and OpenAPI documents of the system. */
export const contractsDir = fileURLToPath(new URL('contracts/', root));
/** Snapshots of released message schemas: what the compatibility gate compares against. */
export const releasedDir = fileURLToPath(new URL('contracts/released/', root));
export const asyncApiFile = fileURLToPath(new URL('contracts/asyncapi.yaml', root));
export const openApiFile = fileURLToPath(new URL('contracts/order-api.openapi.json', root));
