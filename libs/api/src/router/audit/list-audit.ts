import { AuditService } from '../../identity/audit/audit.service';
import { auditListInput, auditPage } from '../../identity/audit/audit.types';
import { platformAdminProcedure, router } from '../../trpc';

/**
 * `platform.audit.list` (platform admin): filter by actor (id or email), project, action, target
 * and time; newest first, cursor paging.
 */
const list = platformAdminProcedure
  .input(auditListInput)
  .output(auditPage)
  .query(({ ctx, input }) => ctx.resolve(AuditService).list(input));

export const auditRouter = router({ list });
