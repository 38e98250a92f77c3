import { randomUUID } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { uuidV5In } from './name-uuid.js';

describe('uuidV5In', () => {
  it('should give the RFC 9562 test vector (DNS namespace, www.example.com)', () => {
    expect(uuidV5In('6ba7b810-9dad-11d1-80b4-00c04fd430c8')('www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('should give exactly the uuid package v5 for 5,000 names in several namespaces', () => {
    const namespaces = [
      '6f1c1d4e-2f57-4b8a-9a43-0c1e7d0a5b11',
      '6BA7B811-9DAD-11D1-80B4-00C04FD430C8',
      ...Array.from({ length: 3 }, randomUUID),
    ];
    for (const namespace of namespaces) {
      const v5 = uuidV5In(namespace);
      for (let i = 0; i < 1_000; i++) {
        // Mixes ASCII, multi-byte UTF-8, emoji (surrogate pairs) and the empty name.
        const name = i === 0 ? '' : `${i % 3 === 0 ? 'OrderPlaced:' : 'idempotency-key:'}${randomUUID()}${i % 7 === 0 ? ':ñandú-🌮' : ''}`;
        expect(v5(name)).toBe(uuidv5(name, namespace));
      }
    }
  });

  it('should refuse a namespace that is not a UUID', () => {
    expect(() => uuidV5In('not-a-uuid')).toThrow('Not a UUID');
  });
});
