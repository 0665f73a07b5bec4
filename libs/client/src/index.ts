export { SERVICE_NAMES, createClient } from './create-client';
export type {
  ClientOptions,
  RouterInputs,
  RouterOutputs,
  ServiceName,
  SextantClient,
  SextantRouters,
} from './create-client';
export { TRPCClientError } from '@trpc/client';
