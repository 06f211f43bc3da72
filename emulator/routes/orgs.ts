// Organizations, members, invitations and org API keys.
import { ApiError, badRequest, forbidden, notFound } from '../errors';
import type { Member, MemberRole, State } from '../model';
import { decodeNext, encodeNext, nextPage } from '../paging';
import { obj, qInt, type Router } from '../router';
import { checkId, checkKeyName, checkUuid, isEmail, orgFor, refuseOrgKey, refuseProjectScoped, requireAdmin } from '../rules';
import { invitationJson, keyCreated, keyListItem, keyRevoked, memberJson, orgJson } from '../views';

const ROLES = ['admin', 'member', 'editor', 'viewer', 'collaborator'];

function checkRole(v: unknown): MemberRole {
  if (typeof v !== 'string' || !ROLES.includes(v)) throw badRequest(`invalid role: must be one of ${ROLES.join(', ')}`);
  // The spec lists more roles, "some may not be available for all organizations": these orgs have two.
  if (v !== 'admin' && v !== 'member') throw badRequest(`role "${v}" is not available for this organization`);
  return v;
}

export function orgRoutes(r: Router): void {
  r.add('GET', '/organizations/{org_id}', ({ s, pr, params }) => ({ status: 200, body: orgJson(orgFor(s, pr, params.org_id)) }));

  r.add('GET', '/organizations/{org_id}/members', ({ s, pr, params, query }) => {
    const org = orgFor(s, pr, params.org_id);
    refuseProjectScoped(pr);
    const limit = qInt(query, 'limit', 1, 500, undefined);
    const sortBy = query.get('sort_by') ?? 'joined_at';
    if (!['email', 'role', 'joined_at'].includes(sortBy)) throw badRequest('invalid sort_by: must be email, role or joined_at');
    const order = (query.get('sort_order') ?? 'asc').toLowerCase();
    if (order !== 'asc' && order !== 'desc') throw badRequest('invalid sort_order: must be asc or desc');
    const email = (m: Member) => s.users.get(m.userId)?.email ?? '';
    const key = (m: Member) => (sortBy === 'email' ? email(m) : sortBy === 'role' ? m.role : m.joinedAt);
    const sorted = s.orgMembers(org.id).sort((a, b) => key(a).localeCompare(key(b)) || a.id.localeCompare(b.id));
    if (order === 'desc') sorted.reverse();
    const cursor = query.get('cursor');
    const page = nextPage(sorted, (m) => m.id, limit, cursor ? decodeNext('member_id', cursor) : undefined);
    const last = page[page.length - 1];
    return {
      status: 200,
      body: {
        members: page.map((m) => ({ member: memberJson(m), user: { email: email(m), has_mfa: false } })),
        pagination: { ...(last ? { next: encodeNext('member_id', last.id, sortBy, key(last), order) } : {}), sort_by: sortBy, sort_order: order.toUpperCase() },
      },
    };
  });

  const memberOf = (orgId: string, memberId: string, s: State) => {
    checkUuid(memberId, 'member_id');
    const m = s.members.get(memberId);
    if (!m || m.orgId !== orgId) throw notFound(`member ${memberId} not found`);
    return m;
  };
  const admins = (s: State, orgId: string) => s.orgMembers(orgId).filter((m) => m.role === 'admin');

  r.add('GET', '/organizations/{org_id}/members/{member_id}', ({ s, pr, params }) => {
    const org = orgFor(s, pr, params.org_id);
    refuseProjectScoped(pr);
    return { status: 200, body: memberJson(memberOf(org.id, params.member_id, s)) };
  });

  r.add('PATCH', '/organizations/{org_id}/members/{member_id}', ({ s, pr, params, body }) => {
    const org = orgFor(s, pr, params.org_id);
    refuseProjectScoped(pr);
    requireAdmin(s, pr, org);
    const m = memberOf(org.id, params.member_id, s);
    const b = obj(body);
    if (!('role' in b)) throw badRequest('invalid request: role (field required)');
    const role = checkRole(b.role);
    if (m.role === 'admin' && role !== 'admin' && admins(s, org.id).length === 1) {
      throw forbidden('cannot change the role of the only admin of the organization; promote another member first');
    }
    m.role = role;
    return { status: 200, body: memberJson(m) };
  });

  r.add('DELETE', '/organizations/{org_id}/members/{member_id}', ({ s, pr, params }) => {
    const org = orgFor(s, pr, params.org_id);
    refuseOrgKey(pr, 'removing members');
    const m = memberOf(org.id, params.member_id, s);
    const self = pr.kind === 'personal' && m.userId === pr.user.id;
    if (!self) requireAdmin(s, pr, org);
    if (m.role === 'admin' && admins(s, org.id).length === 1) {
      throw forbidden(self ? 'the only admin cannot leave the organization; promote another member first' : 'cannot remove the only admin of the organization');
    }
    s.members.delete(m.id);
    return { status: 200, body: {} };
  });

  r.add('GET', '/organizations/{org_id}/invitations', ({ s, pr, params }) => {
    const org = orgFor(s, pr, params.org_id);
    refuseProjectScoped(pr);
    return { status: 200, body: { invitations: s.invitations.filter((i) => i.orgId === org.id).map(invitationJson) } };
  });

  r.add('POST', '/organizations/{org_id}/invitations', ({ s, pr, params, body }) => {
    const org = orgFor(s, pr, params.org_id);
    refuseOrgKey(pr, 'creating invitations');
    const admin = requireAdmin(s, pr, org);
    const list = obj(body).invitations;
    if (!Array.isArray(list) || list.length === 0) throw badRequest('invalid request: invitations must be a non-empty array');
    if (list.length > 100) throw badRequest('invalid request: at most 100 invitations per request');
    const checked = list.map((x) => {
      const inv = obj(x);
      if (!isEmail(inv.email)) throw badRequest(`invalid email address: ${JSON.stringify(inv.email ?? null)}`);
      const role = checkRole(inv.role);
      const u = s.userByEmail(inv.email);
      if (u && s.membership(org.id, u.id)) throw badRequest(`${inv.email} is already a member of the organization`);
      return { email: inv.email, role };
    });
    const created = checked.map(({ email, role }) => {
      const i = { id: s.uuid(), email, orgId: org.id, invitedBy: admin!.userId, invitedAt: s.now().replace(/\.\d{3}Z$/, 'Z'), role };
      s.invitations.push(i);
      return i;
    });
    return { status: 200, body: { invitations: created.map(invitationJson) } };
  });

  r.add('GET', '/organizations/{org_id}/api_keys', ({ s, pr, params }) => {
    const org = orgFor(s, pr, params.org_id);
    refuseProjectScoped(pr);
    requireAdmin(s, pr, org);
    return { status: 200, body: [...s.keys.values()].filter((k) => k.kind === 'org' && k.orgId === org.id && !k.revoked).map((k) => keyListItem(s, k)) };
  });

  r.add('POST', '/organizations/{org_id}/api_keys', ({ s, pr, params, body }) => {
    const org = orgFor(s, pr, params.org_id);
    refuseOrgKey(pr, 'creating organization API keys');
    const admin = requireAdmin(s, pr, org);
    const b = obj(body);
    const name = checkKeyName(b.key_name);
    let projectId: string | undefined;
    if (b.project_id !== undefined) {
      if (typeof b.project_id !== 'string') throw badRequest('invalid project_id');
      projectId = checkId(b.project_id, 'project_id');
      if (s.projects.get(projectId)?.orgId !== org.id) throw notFound(`project ${projectId} not found in organization ${org.id}`);
    }
    const k = s.addKey({ kind: 'org', userId: admin!.userId, orgId: org.id, projectId, name, createdAt: s.now().replace(/\.\d{3}Z$/, 'Z') });
    return { status: 200, body: keyCreated(k) };
  });

  r.add('DELETE', '/organizations/{org_id}/api_keys/{key_id}', ({ s, pr, params }) => {
    const org = orgFor(s, pr, params.org_id);
    refuseProjectScoped(pr);
    requireAdmin(s, pr, org);
    if (!/^\d{1,18}$/.test(params.key_id)) throw new ApiError(400, 'invalid key_id: must be an integer');
    const k = s.keys.get(Number(params.key_id));
    if (!k || k.kind !== 'org' || k.orgId !== org.id) throw notFound(`API key ${params.key_id} not found`);
    k.revoked = true;
    return { status: 200, body: keyRevoked(k) };
  });
}
