import { DEFAULT_URL, normalizeUrl, resolveConnection } from './connection';

describe('resolveConnection', () => {
  const stored = { url: 'http://api.example:4000/', apiKey: 'sx_stored' };

  it('takes flags first, then the environment, then the stored credentials, then the default', () => {
    const env = { SEXTANT_URL: 'http://env.example:4000', SEXTANT_API_KEY: 'sx_env' };
    expect(
      resolveConnection({ url: 'http://flag.example', apiKey: 'sx_flag' }, env, stored),
    ).toMatchObject({ url: 'http://flag.example', apiKey: 'sx_flag', urlFrom: 'flag' });
    expect(resolveConnection({}, env, stored)).toMatchObject({
      url: 'http://env.example:4000',
      apiKey: 'sx_env',
      urlFrom: 'env',
      apiKeyFrom: 'env',
    });
    expect(resolveConnection({}, {}, stored)).toMatchObject({
      url: 'http://api.example:4000',
      apiKey: 'sx_stored',
      apiKeyFrom: 'credentials',
    });
    expect(resolveConnection({}, {}, null)).toEqual({
      url: DEFAULT_URL,
      apiKey: undefined,
      urlFrom: 'default',
      apiKeyFrom: undefined,
    });
  });

  it('mixes sources field by field', () => {
    expect(resolveConnection({}, { SEXTANT_API_KEY: 'sx_env' }, stored)).toMatchObject({
      url: 'http://api.example:4000',
      apiKey: 'sx_env',
    });
  });

  it('sends the stored key only to the URL it was stored for', () => {
    expect(resolveConnection({ url: 'http://other.example' }, {}, stored).apiKey).toBeUndefined();
    expect(resolveConnection({}, { SEXTANT_URL: 'http://other.example' }, stored).apiKey).toBe(
      undefined,
    );
    expect(resolveConnection({ url: 'HTTP://API.example:4000' }, {}, stored).apiKey).toBe(
      'sx_stored',
    );
  });

  it('refuses what is not an http(s) URL', () => {
    expect(() => normalizeUrl('127.0.0.1:4000')).toThrow(/URL/);
    expect(() => normalizeUrl('file:///etc/passwd')).toThrow(/http/);
    expect(normalizeUrl('https://h.example/sextant/')).toBe('https://h.example/sextant');
  });
});
