import type { WorkerDefinition } from '@sextant/api';
import { WindowsService } from './windows.service';

/** Every few seconds, closes the time windows whose time is up (see WindowsService.closeExpiredWindows). */
export function windowCloser(intervalMs = 5_000): WorkerDefinition {
  return {
    name: 'monitoring.window-closer',
    start: ({ resolve, log }) => {
      const windows = resolve(WindowsService);
      let stopped = false;
      let timer: NodeJS.Timeout | undefined;
      let round: Promise<void> = Promise.resolve();
      const tick = () => {
        round = windows
          .closeExpiredWindows()
          .catch((err: unknown) => log('warn', 'closing expired windows failed', { err }))
          .finally(() => {
            if (!stopped) timer = setTimeout(tick, intervalMs);
          });
      };
      timer = setTimeout(tick, intervalMs);
      return {
        stop: async () => {
          stopped = true;
          clearTimeout(timer);
          await round;
        },
      };
    },
  };
}
