import { describe, expect, it } from 'vitest';
import { ScramClient } from './scram.js';

// RFC 7677, section 3: the SCRAM-SHA-256 exchange for user "user" with password "pencil".
const CLIENT_NONCE = 'rOprNGfwEbeRWgbNEkqO';
const SERVER_FIRST = 'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096';
const CLIENT_FINAL = 'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=';
const SERVER_FINAL = 'v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=';

const rfcClient = () => new ScramClient('SCRAM-SHA-256', 'user', 'pencil', CLIENT_NONCE);

describe('ScramClient', () => {
  it('firstMessage should carry the escaped user name and the nonce', () => {
    expect(rfcClient().firstMessage()).toBe(`n,,n=user,r=${CLIENT_NONCE}`);
    expect(new ScramClient('SCRAM-SHA-512', 'a=b,c', 'x', 'n').firstMessage()).toBe('n,,n=a=3Db=2Cc,r=n');
  });

  it('finalMessage should compute the proof of the RFC 7677 example, and accept its server signature', async () => {
    const client = rfcClient();
    expect(await client.finalMessage(SERVER_FIRST)).toBe(CLIENT_FINAL);
    expect(() => client.verifyServerFinal(SERVER_FINAL)).not.toThrow();
  });

  it('verifyServerFinal should refuse a broker that does not know the password', async () => {
    const client = rfcClient();
    await client.finalMessage(SERVER_FIRST);
    expect(() => client.verifyServerFinal('v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=')).toThrow(/bad server signature/);
    expect(() => client.verifyServerFinal('e=invalid-proof')).toThrow(/refused: invalid-proof/);
  });

  it.each([
    ['a nonce that does not extend ours', SERVER_FIRST.replace('r=rOpr', 'r=XXpr'), /foreign nonce/],
    ['an iteration count above Kafka’s maximum', SERVER_FIRST.replace('i=4096', 'i=2000000000'), /2000000000 iterations/],
    ['an iteration count below Kafka’s minimum', SERVER_FIRST.replace('i=4096', 'i=1'), /1 iterations/],
    ['no salt', SERVER_FIRST.replace('s=W22ZaJ0SNY7soEsUEjb6gQ==', 's='), /no salt/],
  ])('finalMessage should refuse %s', async (_what, serverFirst, message) => {
    await expect(rfcClient().finalMessage(serverFirst)).rejects.toThrow(message);
  });
});
