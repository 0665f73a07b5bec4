import { listProcedures, listRoutes, platformRouter } from '@sextant/api';
import { ALL_SERVICES } from './services';

describe('every procedure of every router', () => {
  const routers = [{ name: 'platform', router: platformRouter }, ...ALL_SERVICES];

  it('covers the four services and the platform router', () => {
    expect(routers.map((r) => r.name).sort()).toEqual([
      'monitoring',
      'pipelines',
      'platform',
      'serving',
      'tracking',
    ]);
  });

  it.each(routers.map((r) => [r.name, r.router] as const))(
    '%s: declares an auth rule',
    (_, router) => {
      const procedures = listProcedures(router);
      expect(procedures.length).toBeGreaterThan(0);
      const missing = procedures.filter((p) => p.auth === undefined).map((p) => p.path);
      expect(missing).toEqual([]);
    },
  );

  it.each(ALL_SERVICES.map((s) => [s.name, s] as const))(
    '%s: every REST route declares an auth rule',
    (_, service) => {
      const missing = listRoutes(service.routes)
        .filter((r) => r.auth === undefined)
        .map((r) => `${r.method} ${r.url}`);
      expect(missing).toEqual([]);
    },
  );
});
