export { startPlatform } from './start-platform';
export type { PlatformOptions, RunningPlatform } from './start-platform';
export { runPlatform } from './run-platform';
export { PlatformModule } from './platform.module';
export { METRICS } from './tokens';
