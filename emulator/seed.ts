// Seed data: `small` (hand-made, realistic), `empty`, a JSON file, or a generated scale set.
// Project internals (branches, roles, endpoints) are built lazily from the project id, so a
// 40k-project account costs only 40k small objects until someone opens a project.
import { readFileSync } from 'node:fs';
import { ids, int, prng } from './ids';
import type { Branch, MemberRole, Project, ProjectDetail, State } from './model';

export interface SeedOptions {
  seed?: 'small' | 'empty' | string;
  apiKey?: string;
  orgs?: number;
  projectsPerOrg?: number;
  branches?: number;
  /**
   * A canary put inside every password and API key token the emulator issues, so a test can search
   * logs, notifications and files for leaked secrets with one string.
   */
  secretMarker?: string;
}

export const MAIN_EMAIL = 'you@example.com';
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Copies the parent's roles and databases as of `at` (point-in-time branches miss later roles). */
export function copyRolesAndDatabases(s: State, parent: Branch, child: Branch, at: string): void {
  for (const r of parent.roles.values()) if (r.createdAt <= at) child.roles.set(r.name, { ...r, createdAt: child.createdAt, updatedAt: child.createdAt });
  for (const d of parent.databases.values()) if (d.createdAt <= at) s.newDatabase(child, d.name, d.ownerName, child.createdAt);
}

/** Deterministic project internals: main (default), staging (protected), dev, feature-N... */
export function generateDetail(s: State, p: Project): ProjectDetail {
  const detail: ProjectDetail = { branches: new Map(), endpoints: new Map(), operations: [] };
  p.detail = detail;
  const saved = s.rand;
  s.rand = prng(`detail:${p.id}`);
  try {
    const t0 = Date.parse(p.createdAt);
    const main = s.newBranch(p, { name: 'main', isDefault: true }, p.createdAt);
    s.newRole(main, 'neondb_owner', p.createdAt);
    s.newRole(main, 'web_access', p.createdAt, true);
    s.newDatabase(main, 'neondb', 'neondb_owner', p.createdAt);
    s.newRole(main, 'app_user', iso(t0 + 10 * DAY));
    const names = ['staging', 'dev'];
    let parent = main;
    for (let i = 1; i < Math.max(1, p.seedBranches); i++) {
      const created = iso(t0 + (5 + i * 9) * DAY);
      const b = s.newBranch(p, { name: names[i - 1] ?? `feature-${i - 2}`, parentId: parent.id, protected: i === 1 }, created);
      copyRolesAndDatabases(s, parent, b, created);
      if (i === 1) parent = main;
    }
    for (const b of detail.branches.values()) {
      const ep = s.newEndpoint(p, b.id, 'read_write', b.createdAt);
      const us = Date.parse(b.createdAt) * 1000 + int(s.rand, 0, 999);
      detail.operations.push(
        { id: s.uuid(), projectId: p.id, branchId: b.id, action: 'create_timeline', createdMicros: us, finishAt: us / 1000 + 900 },
        { id: s.uuid(), projectId: p.id, branchId: b.id, endpointId: ep.id, action: 'start_compute', createdMicros: us + 1, finishAt: us / 1000 + 2100 },
      );
    }
  } finally {
    s.rand = saved;
  }
  return detail;
}

function newProject(s: State, id: string, name: string, orgId: string | undefined, ownerId: string, createdAt: string, branches: number, extra: Partial<Project> = {}): Project {
  return s.addProject({
    id, name, orgId, ownerId, regionId: 'aws-us-east-2', pgVersion: 17, storePasswords: true, historyRetentionSeconds: 86400,
    integrations: [], createdAt, updatedAt: createdAt, permissions: [], seedBranches: branches, ...extra,
  });
}

function mainKey(s: State, apiKey: string | undefined): string {
  const key = s.addKey({ kind: 'personal', userId: s.mainUserId, name: 'neon-explorer', createdAt: '2024-03-02T09:00:00Z', token: apiKey });
  return key.token;
}

export function seedSmall(s: State, apiKey?: string): string {
  const you = s.addUser(MAIN_EMAIL, 'You Example');
  s.mainUserId = you.id;
  const u = (e: string, n: string, personal = false) => s.addUser(e, n, personal);
  const alice = u('alice@acme.example', 'Alice Admin'), bob = u('bob@acme.example', 'Bob Builder');
  const carol = u('carol@datateam.example', 'Carol Chen'), dave = u('dave@datateam.example', 'Dave Diaz');
  const erin = u('erin@sideproject.example', 'Erin Evans'), frank = u('frank@other.example', 'Frank Fischer', true);
  const legacy = u('legacy@example.com', 'Lee Gacy', true);

  const acme = s.addOrg('Acme Inc', 'business', null, '2024-03-01T12:00:00Z', 'org-morning-bread-81040908');
  const side = s.addOrg('Side Project', 'free_v3', 1, '2024-04-11T08:30:00Z', 'org-ocean-art-12345678');
  const data = s.addOrg('Data Team', 'launch', 100, '2024-05-20T15:45:00Z', 'org-bitter-breeze-35816640');
  const join = (o: string, uid: string, role: MemberRole, at: string) => s.addMember(o, uid, role, at);
  join(acme.id, you.id, 'admin', '2024-03-01T12:00:00Z');
  join(acme.id, alice.id, 'member', '2024-03-04T09:12:00Z');
  join(acme.id, bob.id, 'member', '2024-06-18T14:02:00Z');
  join(side.id, erin.id, 'admin', '2024-04-11T08:30:00Z');
  join(side.id, you.id, 'member', '2024-04-12T10:00:00Z');
  join(data.id, carol.id, 'admin', '2024-05-20T15:45:00Z');
  join(data.id, dave.id, 'member', '2024-05-21T09:00:00Z');
  join(data.id, you.id, 'member', '2024-05-22T11:30:00Z');
  join(data.id, legacy.id, 'member', '2024-06-01T08:00:00Z');
  s.invitations.push(
    { id: s.uuid(), email: 'newhire@acme.example', orgId: acme.id, invitedBy: you.id, invitedAt: '2025-09-01T10:00:00Z', role: 'member' },
    { id: s.uuid(), email: 'contractor@example.org', orgId: data.id, invitedBy: carol.id, invitedAt: '2025-10-02T16:20:00Z', role: 'member' },
  );

  const P = (id: string, name: string, org: string | undefined, owner: string, at: string, br: number, extra: Partial<Project> = {}) => newProject(s, id, name, org, owner, at, br, extra);
  const web = P('hidden-cell-76330112', 'acme-web', acme.id, you.id, '2024-03-05T10:00:00Z', 3, { integrations: ['github'] });
  P('shiny-wind-02883413', 'acme-api', acme.id, you.id, '2024-03-20T10:00:00Z', 3);
  P('bold-sun-73491519', 'acme-analytics', acme.id, alice.id, '2024-06-02T10:00:00Z', 2, { pgVersion: 16 });
  P('quiet-moon-45120987', 'acme-sandbox', acme.id, bob.id, '2025-01-15T10:00:00Z', 2, { regionId: 'aws-eu-central-1' });
  P('young-river-55667788', 'side-hustle', side.id, erin.id, '2024-04-12T10:00:00Z', 2);
  P('winter-frost-26518790', 'warehouse', data.id, carol.id, '2024-05-21T10:00:00Z', 3);
  P('misty-field-90817263', 'ml-features', data.id, dave.id, '2024-07-09T10:00:00Z', 2, { integrations: ['vercel'] });
  P('cool-leaf-31415926', 'dbt-playground', data.id, you.id, '2024-08-30T10:00:00Z', 3);
  const shared = P('ancient-glade-27182818', 'frank-experiments', undefined, frank.id, '2024-09-10T10:00:00Z', 2);
  s.share(shared, MAIN_EMAIL, '2024-09-12T10:00:00Z');
  P('icy-dew-16180339', 'legacy-blog', undefined, legacy.id, '2024-03-02T10:00:00Z', 2);
  P('royal-hill-14142135', 'legacy-shop', undefined, legacy.id, '2024-03-03T10:00:00Z', 2);

  s.addKey({ kind: 'org', userId: you.id, orgId: acme.id, name: 'ci-deploy', createdAt: '2024-04-01T09:00:00Z' });
  s.addKey({ kind: 'org', userId: you.id, orgId: acme.id, projectId: web.id, name: 'preview-bot', createdAt: '2024-05-01T09:00:00Z' });
  s.addKey({ kind: 'org', userId: carol.id, orgId: data.id, name: 'etl', createdAt: '2024-06-01T09:00:00Z' });
  s.addKey({ kind: 'personal', userId: you.id, name: 'laptop', createdAt: '2024-03-10T09:00:00Z' });
  return mainKey(s, apiKey);
}

/** --orgs N --projects-per-org M --branches B: big accounts for paging and tree benchmarks. */
export function seedScale(s: State, orgs: number, perOrg: number, branches: number, apiKey?: string): string {
  const you = s.addUser(MAIN_EMAIL, 'You Example');
  s.mainUserId = you.id;
  const peer = s.addUser('peer@example.com', 'Pat Peer');
  const r = s.rand;
  const t0 = Date.parse('2024-03-01T00:00:00Z');
  const span = Date.parse('2025-10-01T00:00:00Z') - t0;
  for (let o = 0; o < orgs; o++) {
    const org = s.addOrg(o === 0 ? 'Acme Inc' : `Org ${o + 1}`, o % 3 === 1 ? 'free_v3' : o % 3 === 2 ? 'launch' : 'business', o % 3 === 1 ? perOrg : null, iso(t0 + o * DAY));
    s.addMember(org.id, you.id, o === 0 ? 'admin' : 'member', iso(t0 + o * DAY));
    s.addMember(org.id, peer.id, o === 0 ? 'member' : 'admin', iso(t0 + o * DAY));
    for (let i = 0; i < perOrg; i++) {
      let id = ids.project(r);
      while (s.projects.has(id)) id = ids.project(r);
      newProject(s, id, `project-${o + 1}-${i + 1}`, org.id, you.id, iso(t0 + Math.floor((span * i) / Math.max(1, perOrg))), branches);
    }
  }
  return mainKey(s, apiKey);
}

interface SeedFile {
  users?: { email: string; name?: string; personalSpace?: boolean }[];
  orgs?: { id?: string; name: string; plan?: string; projectLimit?: number | null; members?: { email: string; role: MemberRole }[]; invitations?: { email: string; role: MemberRole }[] }[];
  projects?: { id?: string; name: string; org?: string; owner?: string; branches?: number; integrations?: string[]; sharedWith?: string[]; createdAt?: string }[];
  keys?: { kind: 'personal' | 'org'; token: string; email?: string; org?: string; projectId?: string; name?: string }[];
}

/** A JSON seed file; `org` fields refer to org names or ids. The main user is the first user. */
export function seedFile(s: State, file: string, apiKey?: string): string {
  const f = JSON.parse(readFileSync(file, 'utf8')) as SeedFile;
  const users = f.users?.length ? f.users : [{ email: MAIN_EMAIL }];
  for (const u of users) s.addUser(u.email, u.name ?? u.email.split('@')[0], u.personalSpace ?? false);
  s.mainUserId = s.userByEmail(users[0].email)!.id;
  const orgByRef = (ref: string) => [...s.orgs.values()].find((o) => o.id === ref || o.name === ref);
  for (const o of f.orgs ?? []) {
    const org = s.addOrg(o.name, o.plan ?? 'business', o.projectLimit ?? null, '2024-03-01T12:00:00Z', o.id);
    for (const m of o.members ?? []) {
      const u = s.userByEmail(m.email) ?? s.addUser(m.email, m.email.split('@')[0]);
      s.addMember(org.id, u.id, m.role, '2024-03-01T12:00:00Z');
    }
    for (const i of o.invitations ?? []) s.invitations.push({ id: s.uuid(), email: i.email, orgId: org.id, invitedBy: s.mainUserId, invitedAt: '2025-01-01T00:00:00Z', role: i.role });
  }
  for (const p of f.projects ?? []) {
    const org = p.org ? orgByRef(p.org) : undefined;
    const owner = p.owner ? s.userByEmail(p.owner)?.id : undefined;
    const proj = newProject(s, p.id ?? ids.project(s.rand), p.name, org?.id, owner ?? s.mainUserId, p.createdAt ?? '2024-06-01T10:00:00Z', p.branches ?? 2, { integrations: p.integrations ?? [] });
    for (const e of p.sharedWith ?? []) s.share(proj, e);
  }
  for (const k of f.keys ?? []) {
    const u = (k.email && s.userByEmail(k.email)) || s.users.get(s.mainUserId)!;
    s.addKey({ kind: k.kind, token: k.token, userId: u.id, orgId: k.org ? orgByRef(k.org)?.id : undefined, projectId: k.projectId, name: k.name ?? 'seeded', createdAt: '2024-03-02T09:00:00Z' });
  }
  return mainKey(s, apiKey);
}

/** Fills `s` from options and returns the main user's API key. */
export function seedState(s: State, o: SeedOptions): string {
  s.clear(o.seed ?? 'small');
  s.secretMarker = o.secretMarker ?? '';
  s.materializer = generateDetail;
  if (o.orgs || o.projectsPerOrg) return seedScale(s, o.orgs ?? 3, o.projectsPerOrg ?? 10, o.branches ?? 3, o.apiKey);
  if (!o.seed || o.seed === 'small') return seedSmall(s, o.apiKey);
  if (o.seed === 'empty') {
    // A new Neon account: one org of its own and nothing in it.
    s.mainUserId = s.addUser(MAIN_EMAIL, 'You Example').id;
    const org = s.addOrg('My Organization', 'free_v3', 10, '2024-03-01T12:00:00Z');
    s.addMember(org.id, s.mainUserId, 'admin', '2024-03-01T12:00:00Z');
    return mainKey(s, o.apiKey);
  }
  return seedFile(s, o.seed, o.apiKey);
}
