import { Module } from '@nestjs/common';
import { Authenticator } from '../auth/authenticator';
import { KeyCache } from '../auth/key-cache';
import { DeadLettersService } from '../operations/dead-letters.service';
import { ApiKeysRepository } from './api-keys/api-keys.repository';
import { ApiKeysService } from './api-keys/api-keys.service';
import { AuditRepository } from './audit/audit.repository';
import { AuditService } from './audit/audit.service';
import { ProjectAccess } from './projects/project-access';
import { ProjectsRepository } from './projects/projects.repository';
import { ProjectsService } from './projects/projects.service';
import { SessionsRepository } from './sessions/sessions.repository';
import { SessionsService } from './sessions/sessions.service';
import { UsersRepository } from './users/users.repository';
import { UsersService } from './users/users.service';

const providers = [
  KeyCache,
  Authenticator,
  ProjectAccess,
  UsersRepository,
  UsersService,
  ProjectsRepository,
  ProjectsService,
  ApiKeysRepository,
  ApiKeysService,
  SessionsRepository,
  SessionsService,
  AuditRepository,
  AuditService,
  DeadLettersService,
];

/**
 * Identity as a Nest module: users, projects and memberships, API keys, console sessions, the
 * audit log. Every host imports it (its router, /trpc/platform, is served by every process); it
 * needs the DATABASE and CLOCK tokens from the host.
 */
@Module({ providers, exports: providers })
export class IdentityModule {}
