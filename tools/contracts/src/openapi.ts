// The OpenAPI document of order-api, exactly as the running app serves it at /openapi.json.
import { buildApp } from '@tacocloud/order-api/app';
import { InMemoryOrderMessagingService } from '@tacocloud/messaging/testing';

export async function buildOpenApi(): Promise<Record<string, unknown>> {
  const app = await buildApp({ messaging: new InMemoryOrderMessagingService() });
  try {
    await app.ready();
    return app.swagger() as unknown as Record<string, unknown>;
  } finally {
    await app.close();
  }
}

export function renderOpenApi(document: Record<string, unknown>): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
