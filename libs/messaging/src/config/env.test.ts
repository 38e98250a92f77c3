import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseEnv } from './env.js';

describe('parseEnv', () => {
  const schema = z.object({ OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/ }), KAFKA_SASL_PASSWORD: z.string().min(8) });

  it('should name each bad variable with the value it got, except secrets and the credentials inside an address', () => {
    expect(() =>
      parseEnv(schema, { OTEL_EXPORTER_OTLP_ENDPOINT: 'grpc://apikey:S3cr3tT0ken@otel.example.com:4317', KAFKA_SASL_PASSWORD: 'short' }),
    ).toThrow(
      expect.objectContaining({
        message: expect.stringMatching(
          /OTEL_EXPORTER_OTLP_ENDPOINT: .*\(got 'grpc:\/\/\*\*\*@otel\.example\.com:4317'\)\n {2}KAFKA_SASL_PASSWORD: [^(]*$/,
        ),
      }),
    );
  });
});
