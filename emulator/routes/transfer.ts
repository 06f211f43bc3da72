// Moving projects between organizations (and the deprecated personal -> org transfer).
import { ApiError, badRequest, forbidden, notFound } from '../errors';
import type { Org, Project, State, User } from '../model';
import { obj, type Router } from '../router';
import { checkId, orgFor, refuseOrgKey, requireAdmin } from '../rules';

function parseBody(body: unknown, legacy: boolean): { dest: string; ids: string[] } {
  const b = obj(body);
  // The 2024 docs sent `org_id`; the spec says `destination_org_id`. Accept both on the legacy route.
  const dest = b.destination_org_id ?? (legacy ? b.org_id : undefined);
  if (typeof dest !== 'string') throw badRequest('invalid request: destination_org_id (field required)');
  const ids = b.project_ids;
  if (!Array.isArray(ids) || ids.length < 1 || ids.length > 400) throw badRequest('invalid request: project_ids must contain 1 to 400 project ids');
  if (!ids.every((x) => typeof x === 'string')) throw badRequest('invalid request: project_ids must be strings');
  ids.forEach((x) => checkId(x, 'project id'));
  if (new Set(ids).size !== ids.length) throw badRequest('invalid request: project_ids contains duplicates');
  return { dest: checkId(dest, 'destination_org_id'), ids };
}

function destinationFor(s: State, user: User, destId: string): Org {
  const dest = s.orgs.get(destId);
  if (!dest) throw notFound(`organization ${destId} not found`);
  if (!s.membership(dest.id, user.id)) throw forbidden(`you must be a member of the destination organization ${destId}`);
  return dest;
}

/** 422 for projects with GitHub/Vercel integrations, 406 when the destination plan refuses. */
function checkTransfer(s: State, projects: Project[], dest: Org): void {
  const blocked = projects.flatMap((p) => p.integrations.filter((i) => i === 'github' || i === 'vercel').map((integration) => ({ id: p.id, integration })));
  if (blocked.length) throw new ApiError(422, 'projects with integrations cannot be transferred', { projects: blocked });
  const limits: { name: string; expected: string; actual: string }[] = [];
  const count = s.ownerProjects(dest.id).length + projects.length;
  if (dest.projectLimit !== null && count > dest.projectLimit) limits.push({ name: 'projects_count', expected: String(dest.projectLimit), actual: String(count) });
  if (dest.plan.startsWith('free') && projects.some((p) => p.pgVersion < 15)) limits.push({ name: 'subscription_type', expected: 'launch', actual: dest.plan });
  if (limits.length) throw new ApiError(406, 'the destination organization does not satisfy the limits of the transferred projects', { limits });
}

export function transferRoutes(r: Router): void {
  r.add('POST', '/organizations/{source_org_id}/projects/transfer', ({ s, pr, params, body }) => {
    const source = orgFor(s, pr, params.source_org_id);
    refuseOrgKey(pr, 'transferring projects');
    requireAdmin(s, pr, source);
    const { dest: destId, ids } = parseBody(body, false);
    if (destId === source.id) throw badRequest('destination organization must differ from the source organization');
    const dest = destinationFor(s, pr.user, destId);
    const projects = ids.map((id) => {
      const p = s.projects.get(id);
      if (!p || p.orgId !== source.id) throw notFound(`project ${id} not found in organization ${source.id}`);
      return p;
    });
    checkTransfer(s, projects, dest);
    for (const p of projects) s.moveProject(p, dest.id);
    return { status: 200, body: {} };
  });

  r.add('POST', '/users/me/projects/transfer', ({ s, pr, body }) => {
    refuseOrgKey(pr, 'transferring personal projects');
    const { dest: destId, ids } = parseBody(body, true);
    const dest = destinationFor(s, pr.user, destId);
    const projects = ids.map((id) => {
      const p = s.projects.get(id);
      if (!p || p.orgId || p.ownerId !== pr.user.id) throw notFound(`personal project ${id} not found`);
      return p;
    });
    checkTransfer(s, projects, dest);
    for (const p of projects) s.moveProject(p, dest.id);
    return { status: 200, body: {} };
  });
}
