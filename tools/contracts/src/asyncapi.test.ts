import { readFileSync } from 'node:fs';
import { Parser } from '@asyncapi/parser';
import { ordersTopic } from '@tacocloud/messaging';
import { describe, expect, it } from 'vitest';
import { asyncApiFile } from './paths.js';

describe('contracts/asyncapi.yaml', () => {
  it('should be a valid AsyncAPI 3.0 document for the official parser', async () => {
    const { document, diagnostics } = await new Parser().parse(readFileSync(asyncApiFile, 'utf8'));
    const errors = diagnostics.filter((d) => d.severity === 0).map((d) => `${d.path.join('.')}: ${d.message}`);
    expect(errors).toEqual([]);
    expect(document?.version()).toBe('3.0.0');

    const channels = document!.channels();
    expect(channels.all().map((c) => c.address()).sort()).toEqual([ordersTopic().name, `${ordersTopic().name}.DLT`]);
    const orders = channels.get('orders')!;
    expect(orders.bindings().get('kafka')?.value()).toMatchObject({ partitions: 6, replicas: 1 });
    expect(orders.messages().all().map((m) => m.id()).sort()).toEqual(['OrderPlacedV1', 'OrderPlacedV2']);

    const operations = Object.fromEntries(document!.operations().all().map((op) => [op.id(), op.action()]));
    expect(operations).toEqual({ placeOrder: 'send', handleOrder: 'receive', deadLetterOrder: 'send' });

    const v2 = document!.components().messages().get('OrderPlacedV2')!;
    expect(v2.headers()?.properties()?.['message-version']?.const()).toBe('2');
    expect(v2.payload()?.properties()?.['delivery']?.required()).toEqual(['name', 'street', 'city', 'state', 'zip']);
    expect(v2.bindings().get('kafka')?.value()['key']).toMatchObject({ type: 'string', format: 'uuid' });
  });
});
