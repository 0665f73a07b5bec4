import { router } from '@sextant/api';
import { health } from './health';

export const trackingRouter = router({ health });
export type TrackingRouter = typeof trackingRouter;
