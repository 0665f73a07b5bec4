import { Injectable } from '@nestjs/common';
import { AppError } from '@sextant/errors';
import type { Caller, ProjectScope } from '../../context';
import { type Role, lowerRole, roleAllows } from '../../roles';
import { ProjectsRepository } from './projects.repository';

/**
 * Decides what a caller may do in a project: a member acts with their membership's role (a
 * platform admin with `admin` in every project), never above their API key's cap. A caller who is
 * not a member gets the same 404 as for a project that does not exist, so that existence does
 * not leak; a member without the role gets a 403 saying which role is needed.
 */
@Injectable()
export class ProjectAccess {
  constructor(private readonly projects: ProjectsRepository) {}

  /**
   * The project and the role a user holds in it by membership (a platform admin: `admin`), before
   * any key cap; the 404 when they hold none.
   */
  async membershipOf(
    user: { readonly userId: string; readonly isAdmin: boolean },
    slug: string,
  ): Promise<ProjectScope> {
    const project = await this.projects.findBySlug(slug);
    const membership = project ? await this.projects.membership(project.id, user.userId) : null;
    const held: Role | null = user.isAdmin ? 'admin' : (membership?.role ?? null);
    if (!project || !held) {
      throw new AppError('NOT_FOUND', `Project "${slug}" not found`, {
        fields: [{ path: 'project', message: 'not found' }],
      });
    }
    return { id: project.id, slug: project.slug, name: project.name, role: held };
  }

  async require(caller: Caller, slug: string, required: Role): Promise<ProjectScope> {
    const project = await this.membershipOf(caller, slug);
    const held = project.role;
    let role = held;
    const credential = caller.credential;
    if (credential.kind === 'key') {
      if (credential.projectId !== null && credential.projectId !== project.id) {
        throw new AppError('FORBIDDEN', `This API key is scoped to another project, not "${slug}"`);
      }
      role = lowerRole(held, credential.role);
    }
    if (!roleAllows(role, required)) {
      throw new AppError(
        'FORBIDDEN',
        `This needs the ${required} role in project "${slug}"; you have ${role}`,
      );
    }
    return { ...project, role };
  }
}

/** A platform admin acts through a console session or an unscoped admin key. */
export function isPlatformAdmin(caller: Caller): boolean {
  if (!caller.isAdmin) return false;
  const c = caller.credential;
  return c.kind === 'session' || (c.projectId === null && c.role === 'admin');
}
