// A message type on the wire: its name and version travel in record headers, its schema
// says what the value holds. Topic declarations (in @tacocloud/messaging) bind these to topics.
import type { z } from 'zod';

export interface MessageType<T = unknown> {
  type: string;
  version: number;
  schema: z.ZodType<T>;
}
