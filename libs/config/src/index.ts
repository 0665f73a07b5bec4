export { serviceAppEnvSchemas } from './app-env';
export { defineEnv, EnvError } from './define-env';
export { brokerList, flag, host, logLevel, optionalUrl, port, serviceEnv } from './fields';
export type { ServiceEnv } from './fields';
