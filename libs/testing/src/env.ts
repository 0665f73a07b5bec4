/**
 * What the test helpers take from the environment. Tests are entry points: `npm test`
 * (infra/test-env/run.mjs) sets these to the services it found or started.
 */
export const testEnv = {
  /** The Kafka brokers integration tests use: $KAFKA_BROKERS, else infra/kafka's broker. */
  kafkaBrokers: (): string[] => (process.env['KAFKA_BROKERS'] || '127.0.0.1:9092').split(','),
  /** The Chromium binary browser tests drive: $CHROMIUM_PATH, else Debian's. */
  chromiumPath: (): string => process.env['CHROMIUM_PATH'] || '/usr/bin/chromium',
};
