import { port, serviceEnv } from './fields';

/**
 * Each service app's environment; apps/<service>/src/env.ts parses its own at start-up. They live
 * here rather than in the apps because nothing may import an app, and one test
 * (apps/cli/src/env.spec.ts) checks that .env.example lists every key of every app.
 */
export const serviceAppEnvSchemas = {
  tracking: serviceEnv.extend({ PORT: port(4001) }),
  serving: serviceEnv.extend({ PORT: port(4002) }),
  pipelines: serviceEnv.extend({ PORT: port(4003) }),
  monitoring: serviceEnv.extend({ PORT: port(4004) }),
};
