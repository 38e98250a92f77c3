// Prints order-api's OpenAPI document as JSON on stdout, exactly as the running app serves it
// at /openapi.json, without Kafka. `npm run contracts:generate` runs it and writes the result to
// contracts/order-api.openapi.json: tools run an app's entry point, they never import its source.
import { InMemoryOrderMessagingService } from '@tacocloud/messaging/testing';
import { buildApp } from './app.js';

const app = await buildApp({ messaging: new InMemoryOrderMessagingService() });
try {
  await app.ready();
  process.stdout.write(`${JSON.stringify(app.swagger())}\n`);
} finally {
  await app.close();
}
