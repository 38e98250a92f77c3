import { SAMPLE_ORDER } from '@tacocloud/contract';
import { describe, expect, it } from 'vitest';
import { InMemoryOrderMessagingService } from './in-memory-order-messaging-service.js';

describe('InMemoryOrderMessagingService', () => {
  it('sendOrder should keep each order for tests to read by default', async () => {
    const messaging = new InMemoryOrderMessagingService();
    const receipt = await messaging.sendOrder(SAMPLE_ORDER, { correlationId: 'req-1' });
    expect(messaging.sent).toEqual([{ event: expect.objectContaining({ orderId: receipt.orderId }), receipt, correlationId: 'req-1' }]);
  });

  it('sendOrder should keep nothing but still give each order of a partition the next offset when keepSent is off', async () => {
    const messaging = new InMemoryOrderMessagingService({ partitions: 1, eventVersion: 2, keepSent: false });
    const offsets = [];
    for (let i = 0; i < 3; i++) offsets.push((await messaging.sendOrder(SAMPLE_ORDER)).offset);
    expect(offsets).toEqual(['0', '1', '2']);
    expect(messaging.sent).toEqual([]);
  });
});
