import { EnvError, defineEnv, serviceEnv } from './index';

describe('artifact store fields', () => {
  it('leaves the store unset by default and parses the S3 keys', () => {
    expect(defineEnv(serviceEnv, {}).SEXTANT_ARTIFACTS_URL).toBeUndefined();
    const env = defineEnv(serviceEnv, {
      SEXTANT_ARTIFACTS_URL: 's3://sextant-artifacts/prod',
      SEXTANT_S3_ENDPOINT: 'http://127.0.0.1:9000',
      SEXTANT_S3_FORCE_PATH_STYLE: '1',
    });
    expect(env.SEXTANT_ARTIFACTS_URL).toBe('s3://sextant-artifacts/prod');
    expect(env.SEXTANT_S3_FORCE_PATH_STYLE).toBe(true);
    expect(defineEnv(serviceEnv, { SEXTANT_S3_FORCE_PATH_STYLE: 'false' })).toMatchObject({
      SEXTANT_S3_FORCE_PATH_STYLE: false,
    });
  });

  it('refuses an unknown scheme and a bad flag, naming the variable', () => {
    expect(() => defineEnv(serviceEnv, { SEXTANT_ARTIFACTS_URL: 'ftp://host/x' })).toThrow(
      /SEXTANT_ARTIFACTS_URL/,
    );
    expect(() => defineEnv(serviceEnv, { SEXTANT_S3_FORCE_PATH_STYLE: 'yes' })).toThrow(EnvError);
  });
});
