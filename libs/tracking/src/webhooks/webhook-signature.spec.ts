import { signWebhookBody, verifyWebhookSignature } from './webhook-signature';

describe('webhook signatures (t=<seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">)', () => {
  const secret = 'whsec_test';
  const body = '{"id":"e1","type":"tracking.alias-moved"}';
  // Reference value from OpenSSL, not from this code:
  //   printf '%s' '1700000000.{"id":"e1","type":"tracking.alias-moved"}' |
  //     openssl dgst -sha256 -hmac 'whsec_test' -hex
  const REFERENCE = '7387f043a4820ed95747499c8c967682ed0004f870498de12a695fb5746f2e24';

  it('signs as OpenSSL computes the HMAC', () => {
    expect(signWebhookBody({ secret, body, timestamp: 1_700_000_000 })).toBe(
      `t=1700000000,v1=${REFERENCE}`,
    );
  });

  it('verifies within the tolerance, and refuses tampering, another secret and old timestamps', () => {
    const header = `t=1700000000,v1=${REFERENCE}`;
    const now = 1_700_000_100;
    expect(verifyWebhookSignature({ secret, header, body, now })).toBe(true);
    expect(verifyWebhookSignature({ secret, header, body: Buffer.from(body), now })).toBe(true);
    expect(verifyWebhookSignature({ secret, header, body: `${body} `, now })).toBe(false);
    expect(verifyWebhookSignature({ secret: 'whsec_other', header, body, now })).toBe(false);
    expect(verifyWebhookSignature({ secret, header, body, now: 1_700_000_301 })).toBe(false);
    expect(
      verifyWebhookSignature({ secret, header, body, now: 1_800_000_000, toleranceSeconds: 0 }),
    ).toBe(true);
    // One matching v1 among several is enough (a receiver rotating secrets).
    const two = `t=1700000000,v1=${'0'.repeat(64)},v1=${REFERENCE}`;
    expect(verifyWebhookSignature({ secret, header: two, body, now })).toBe(true);
  });

  it('refuses malformed headers without throwing', () => {
    for (const header of [
      undefined,
      null,
      '',
      'garbage',
      `v1=${REFERENCE}`,
      't=1700000000',
      `t=x,v1=${REFERENCE}`,
      `t=1700000000,v1=abc`,
    ]) {
      expect(verifyWebhookSignature({ secret, header, body, toleranceSeconds: 0 })).toBe(false);
    }
  });
});
