import { checkWebhookUrl, refusedAddress } from './url-guard';

describe('the SSRF guard of webhook targets', () => {
  it('allows public unicast addresses only, by default', () => {
    for (const a of ['93.184.215.14', '8.8.8.8', '2606:4700:4700::1111']) {
      expect(refusedAddress(a, false)).toBeNull();
    }
    const refused: [string, string][] = [
      ['127.0.0.1', 'loopback'],
      ['127.255.0.9', 'loopback'],
      ['::1', 'loopback'],
      ['169.254.169.254', 'link-local'],
      ['fe80::1', 'link-local'],
      ['10.1.2.3', 'private'],
      ['172.16.0.1', 'private'],
      ['172.31.255.255', 'private'],
      ['192.168.0.1', 'private'],
      ['100.64.0.1', 'carrier-grade NAT'],
      ['fc00::1', 'unique-local'],
      ['fd12:3456::1', 'unique-local'],
      ['0.0.0.0', 'unspecified'],
      ['::', 'unspecified'],
      ['224.0.0.1', 'multicast'],
      ['ff02::1', 'multicast'],
      ['255.255.255.255', 'broadcast'],
      ['::ffff:127.0.0.1', 'loopback'],
      ['::ffff:169.254.169.254', 'link-local'],
      ['::ffff:10.0.0.1', 'private'],
      ['64:ff9b::a00:1', 'private'],
      ['::127.0.0.1', 'loopback'],
      ['192.0.2.1', 'special-purpose'],
      ['2002:7f00:1::', 'special-purpose'],
    ];
    for (const [address, why] of refused) {
      expect({ address, why: refusedAddress(address, false) }).toEqual({
        address,
        why: expect.stringContaining(why),
      });
    }
    // Just outside the private ranges.
    expect(refusedAddress('172.32.0.1', false)).toBeNull();
    expect(refusedAddress('100.128.0.1', false)).toBeNull();
  });

  it('with private targets allowed, still refuses unspecified, multicast and broadcast', () => {
    for (const a of [
      '127.0.0.1',
      '::1',
      '10.0.0.1',
      '169.254.169.254',
      'fd00::1',
      '::ffff:127.0.0.1',
    ]) {
      expect(refusedAddress(a, true)).toBeNull();
    }
    for (const a of ['0.0.0.0', '::', '224.0.0.1', '255.255.255.255', '::ffff:0.0.0.0']) {
      expect(refusedAddress(a, true)).not.toBeNull();
    }
  });

  it('checks the scheme, credentials and every resolved address', async () => {
    const resolve = async (host: string) =>
      host === 'split.test'
        ? [
            { address: '93.184.215.14', family: 4 },
            { address: '10.0.0.1', family: 4 },
          ]
        : [{ address: '93.184.215.14', family: 4 }];
    const check = (url: string) => checkWebhookUrl(url, { allowPrivateTargets: false, resolve });
    expect(await check('https://hooks.test/x?y=1')).toMatchObject({
      ok: true,
      target: { host: 'hooks.test', address: '93.184.215.14', family: 4 },
    });
    expect(await check('http://split.test/')).toEqual({
      ok: false,
      reason: expect.stringMatching(/split\.test resolves to 10\.0\.0\.1 .*private/),
    });
    expect(await check('file:///etc/passwd')).toMatchObject({ ok: false });
    expect(await check('gopher://hooks.test/')).toMatchObject({ ok: false });
    expect(await check('https://a:b@hooks.test/')).toMatchObject({ ok: false });
    expect(await check('http://[::ffff:7f00:1]/')).toMatchObject({ ok: false });
    // WHATWG URL parsing normalises other spellings of 127.0.0.1 before the check.
    expect(await check('http://0x7f.1/')).toMatchObject({ ok: false });
    expect(await check('http://2130706433/')).toMatchObject({ ok: false });
    const missing = await checkWebhookUrl('http://nowhere.test/', {
      allowPrivateTargets: false,
      resolve: () => Promise.reject(Object.assign(new Error('nope'), { code: 'ENOTFOUND' })),
    });
    expect(missing).toEqual({
      ok: false,
      reason: 'the host nowhere.test does not resolve (ENOTFOUND)',
    });
  });
});
