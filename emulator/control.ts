// /__control: knobs and introspection for tests, benchmarks and the demo. Not part of Neon's API,
// never rate limited, delayed or faulted, and needs no key (the server listens on loopback only).
import type http from 'node:http';
import { applyConfig } from './config';
import type { Org } from './model';
import { MAIN_EMAIL } from './seed';
import type { EmulatorServer } from './server';

function send(res: http.ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' }).end(text);
}

async function json(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if (!raw.trim()) return {};
  const v = JSON.parse(raw) as unknown;
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('body must be a JSON object');
  return v as Record<string, unknown>;
}

export function summary(em: EmulatorServer) {
  const s = em.state;
  const orgs = [...s.orgs.values()].map((o: Org) => ({
    id: o.id, name: o.name, plan: o.plan, projectLimit: o.projectLimit,
    members: s.orgMembers(o.id).map((m) => ({ id: m.id, email: s.users.get(m.userId)?.email, role: m.role })),
    projects: s.ownerProjects(o.id).length,
  }));
  return {
    mainUser: s.users.get(s.mainUserId)?.email, apiKey: em.apiKey, users: s.users.size, orgs,
    projects: s.projects.size, personalProjects: s.ownerProjects(undefined).length, materializedProjects: [...s.projects.values()].filter((p) => p.detail).length,
    keys: [...s.keys.values()].filter((k) => !k.revoked).length, invitations: s.invitations.length, config: em.cfg,
  };
}

function mintKey(em: EmulatorServer, b: Record<string, unknown>): { token: string; id: number } {
  const s = em.state;
  const kind = b.kind;
  const token = typeof b.token === 'string' && b.token ? b.token : undefined;
  if (token && s.findKeyByToken(token)) throw new Error('token already exists');
  const name = typeof b.name === 'string' ? b.name : `canary-${kind}`;
  const createdAt = s.now().replace(/\.\d{3}Z$/, 'Z');
  if (kind === 'personal') {
    const email = typeof b.email === 'string' ? b.email : MAIN_EMAIL;
    // Unknown emails become new users with no orgs: the "account without personal space" case.
    const user = s.userByEmail(email) ?? s.addUser(email, email.split('@')[0], b.personalSpace === true);
    const k = s.addKey({ kind: 'personal', userId: user.id, name, createdAt, token });
    return { token: k.token, id: k.id };
  }
  if (kind === 'org' || kind === 'project') {
    let orgId = typeof b.orgId === 'string' ? b.orgId : undefined;
    const projectId = kind === 'project' ? (typeof b.projectId === 'string' ? b.projectId : undefined) : undefined;
    if (kind === 'project') {
      const p = projectId ? s.projects.get(projectId) : undefined;
      if (!p || !p.orgId) throw new Error('projectId must name an organization project');
      orgId ??= p.orgId;
      if (p.orgId !== orgId) throw new Error('project does not belong to orgId');
    }
    orgId ??= s.userOrgs(s.mainUserId)[0]?.id;
    if (!orgId || !s.orgs.has(orgId)) throw new Error('orgId must name an organization');
    const creator = s.orgMembers(orgId).find((m) => m.role === 'admin')?.userId ?? s.mainUserId;
    const k = s.addKey({ kind: 'org', userId: creator, orgId, projectId, name, createdAt, token });
    return { token: k.token, id: k.id };
  }
  throw new Error('kind must be "personal", "org" or "project"');
}

export async function handleControl(em: EmulatorServer, req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
  const route = `${req.method} ${url.pathname.replace(/\/+$/, '')}`;
  try {
    switch (route) {
      case 'GET /__control/config':
        return send(res, 200, em.cfg);
      case 'POST /__control/config':
        applyConfig(em.cfg, await json(req));
        return send(res, 200, em.cfg);
      case 'GET /__control/requests':
        return send(res, 200, em.log.toJSON());
      case 'DELETE /__control/requests':
        em.log.clear();
        return send(res, 204);
      case 'POST /__control/reset': {
        const b = await json(req);
        em.reseed();
        em.log.clear();
        if (b.config === true) em.resetConfig();
        return send(res, 200, summary(em));
      }
      case 'POST /__control/keys':
        return send(res, 200, mintKey(em, await json(req)));
      case 'POST /__control/revoke': {
        const b = await json(req);
        const k = typeof b.token === 'string' ? em.state.findKeyByToken(b.token) : undefined;
        if (!k) return send(res, 404, { message: 'no such token' });
        k.revoked = true;
        return send(res, 200, { id: k.id, revoked: true });
      }
      case 'GET /__control/state':
        return send(res, 200, summary(em));
      default:
        return send(res, 404, { message: `unknown control route ${route}` });
    }
  } catch (e) {
    return send(res, 400, { message: (e as Error).message });
  }
}
