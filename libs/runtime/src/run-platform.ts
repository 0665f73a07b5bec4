import { type PlatformOptions, type RunningPlatform, startPlatform } from './start-platform';

/** Starts a platform for a process's lifetime: stops it cleanly on SIGINT/SIGTERM. */
export async function runPlatform(options: PlatformOptions): Promise<RunningPlatform> {
  let running: RunningPlatform;
  try {
    running = await startPlatform(options);
  } catch (error) {
    process.stderr.write(`sextant: failed to start: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  }
  const stop = (signal: string) => {
    running.logger.info({ signal }, 'shutting down');
    running.close().then(
      () => process.exit(0),
      (err: unknown) => {
        running.logger.error({ err }, 'unclean shutdown');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  return running;
}
