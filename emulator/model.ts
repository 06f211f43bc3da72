// The in-memory Neon account model. Plain data plus indexes; rules live in rules.ts and the
// HTTP shapes in views.ts, so tests can assert on this state directly.
import { ids, prng, type Rand } from './ids';

export type MemberRole = 'admin' | 'member';
export type KeyKind = 'personal' | 'org';

export interface User {
  id: string;
  email: string;
  name: string;
  /** Accounts migrated before orgs existed keep a personal space (personal projects). */
  personalSpace: boolean;
  createdAt: string;
}

export interface Org {
  id: string;
  name: string;
  handle: string;
  plan: string;
  /** Max projects the plan allows; transfers beyond it answer 406. */
  projectLimit: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface Member {
  id: string;
  userId: string;
  orgId: string;
  role: MemberRole;
  joinedAt: string;
}

export interface Invitation {
  id: string;
  email: string;
  orgId: string;
  invitedBy: string;
  invitedAt: string;
  role: MemberRole;
}

export interface ApiKey {
  id: number;
  token: string;
  name: string;
  kind: KeyKind;
  /** personal: owner; org: creator. */
  userId: string;
  orgId?: string;
  projectId?: string;
  createdAt: string;
  lastUsedAt: string | null;
  lastUsedFrom: string;
  revoked: boolean;
}

export interface Role {
  name: string;
  password: string;
  protected: boolean;
  /** Made with `no_login` (RoleCreateRequest): NOLOGIN in PostgreSQL, authentication_method "no_login", no password in answers. */
  noLogin?: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Database {
  id: number;
  name: string;
  ownerName: string;
  createdAt: string;
  updatedAt: string;
}

export interface Branch {
  id: string;
  projectId: string;
  parentId?: string;
  parentTimestamp?: string;
  name: string;
  isDefault: boolean;
  protected: boolean;
  createdAt: string;
  updatedAt: string;
  logicalSize: number;
  /** RFC 3339, to the second (emulator/branchMeta.ts). */
  expiresAt?: string;
  ttlIntervalSeconds?: number;
  lastResetAt?: string;
  /** Set at creation from `annotation_value`; the API has no way to change it later. */
  annotation?: { value: Record<string, string>; createdAt: string; updatedAt: string };
  roles: Map<string, Role>;
  databases: Map<string, Database>;
}

export interface Endpoint {
  id: string;
  projectId: string;
  branchId: string;
  type: 'read_write' | 'read_only';
  regionId: string;
  minCu: number;
  maxCu: number;
  state: 'active' | 'idle' | 'init';
  createdAt: string;
  updatedAt: string;
}

export interface Operation {
  id: string;
  projectId: string;
  branchId?: string;
  endpointId?: string;
  action: string;
  /** Unique, increasing microsecond timestamp: operation list cursors are built from it. */
  createdMicros: number;
  finishAt: number;
  failWith?: 'failed' | 'error';
}

export interface Permission {
  id: string;
  email: string;
  grantedAt: string;
}

/** Branches, endpoints and operations: materialized on first use so 40k-project seeds stay cheap. */
export interface ProjectDetail {
  branches: Map<string, Branch>;
  endpoints: Map<string, Endpoint>;
  operations: Operation[];
}

export interface Project {
  id: string;
  name: string;
  orgId?: string;
  ownerId: string;
  regionId: string;
  pgVersion: number;
  storePasswords: boolean;
  historyRetentionSeconds: number;
  integrations: string[];
  createdAt: string;
  updatedAt: string;
  permissions: Permission[];
  /** Number of branches the lazy generator builds when detail is first needed. */
  seedBranches: number;
  detail?: ProjectDetail;
}

/** SQL a branch's cluster runs for the API's role and database routes (dataplane/). */
export interface BranchSql {
  createRole(r: Role): Promise<void>;
  setPassword(r: Role): Promise<void>;
  dropRole(name: string): Promise<void>;
  createDatabase(name: string, owner: string): Promise<void>;
  dropDatabase(name: string): Promise<void>;
  renameDatabase(from: string, to: string): Promise<void>;
  setDatabaseOwner(name: string, owner: string): Promise<void>;
}

/**
 * The data plane as the routes see it (dataplane/dataplane.ts). Each method runs under the
 * branch's lock: the cluster changes first, then `commit` changes the model, so a cluster built
 * lazily from the model never misses or doubles a change.
 */
export interface DataPlaneHooks {
  /** host:port of the router that connection strings name. */
  readonly address: string;
  /** `check` (validation against the model) runs under the lock too, so concurrent requests cannot both pass it. */
  change(b: Branch, check: () => void, sql: (db: BranchSql) => Promise<void>, commit: () => void): Promise<void>;
  /** Copies the parent's data for a new branch `childId`, then `commit` creates it in the model. */
  branchFrom(parent: Branch, childId: string, commit: () => Branch): Promise<void>;
  /** Gives `b` the data of `source` (as of now); with `preserveId`, b's previous data moves to that new branch. */
  restore(b: Branch, source: Branch, preserveId: string | undefined, commit: () => void): Promise<void>;
  dropBranches(branches: Branch[]): Promise<void>;
  /** `pg_dump --schema-only` of a database of `b`, at its head (its compute is started if need be). */
  schema(b: Branch, database: string): Promise<string>;
  /** Forgets every cluster (the model was re-seeded). */
  dropAll(): Promise<void>;
}

export class State {
  users = new Map<string, User>();
  usersByEmail = new Map<string, User>();
  orgs = new Map<string, Org>();
  members = new Map<string, Member>();
  invitations: Invitation[] = [];
  keys = new Map<number, ApiKey>();
  keysByToken = new Map<string, ApiKey>();
  projects = new Map<string, Project>();
  /** Insertion-ordered project ids per org ('' = personal projects), the list order. */
  projectsByOwner = new Map<string, Set<string>>();
  /** Guest access: email -> project ids shared with it. */
  sharedWith = new Map<string, Set<string>>();
  /** Main user of the seed (the one startEmulator's apiKey belongs to). */
  mainUserId = '';
  rand: Rand = prng(1);
  /** Put inside every password and key token issued (see SeedOptions.secretMarker). */
  secretMarker = '';
  /** Set when the emulator runs real PostgreSQL behind its endpoints; survives re-seeding. */
  dataPlane?: DataPlaneHooks;
  private nextKeyId = 165000;
  private nextDbId = 32656000;
  private lastMicros = 0;
  private sortedCache = new Map<string, Project[]>();
  /** Fills detail for a generated project; set by the seed. */
  materializer: (s: State, p: Project) => ProjectDetail = () => ({ branches: new Map(), endpoints: new Map(), operations: [] });

  clear(seed: number | string): void {
    for (const m of [this.users, this.usersByEmail, this.orgs, this.members, this.keys, this.keysByToken,
      this.projects, this.projectsByOwner, this.sharedWith, this.sortedCache]) m.clear();
    this.invitations = [];
    this.rand = prng(seed);
    this.nextKeyId = 165000;
    this.nextDbId = 32656000;
    this.mainUserId = '';
  }

  now(): string {
    return new Date().toISOString();
  }

  uuid(): string {
    return ids.uuid(this.rand);
  }

  keyId(): number {
    return this.nextKeyId++;
  }

  dbId(): number {
    return this.nextDbId++;
  }

  micros(): number {
    this.lastMicros = Math.max(this.lastMicros + 1, Date.now() * 1000);
    return this.lastMicros;
  }

  addUser(email: string, name: string, personalSpace = false, createdAt = '2024-01-15T10:00:00Z'): User {
    const u: User = { id: this.uuid(), email, name, personalSpace, createdAt };
    this.users.set(u.id, u);
    this.usersByEmail.set(email.toLowerCase(), u);
    return u;
  }

  userByEmail(email: string): User | undefined {
    return this.usersByEmail.get(email.toLowerCase());
  }

  addOrg(name: string, plan: string, projectLimit: number | null, createdAt: string, id = ids.org(this.rand)): Org {
    const o: Org = { id, name, handle: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${id}`, plan, projectLimit, createdAt, updatedAt: createdAt };
    this.orgs.set(o.id, o);
    return o;
  }

  addMember(orgId: string, userId: string, role: MemberRole, joinedAt: string): Member {
    const m: Member = { id: this.uuid(), userId, orgId, role, joinedAt };
    this.members.set(m.id, m);
    return m;
  }

  membership(orgId: string, userId: string): Member | undefined {
    for (const m of this.members.values()) if (m.orgId === orgId && m.userId === userId) return m;
    return undefined;
  }

  orgMembers(orgId: string): Member[] {
    return [...this.members.values()].filter((m) => m.orgId === orgId);
  }

  userOrgs(userId: string): Org[] {
    const out: Org[] = [];
    for (const m of this.members.values()) if (m.userId === userId) { const o = this.orgs.get(m.orgId); if (o) out.push(o); }
    return out;
  }

  addKey(k: Omit<ApiKey, 'id' | 'token' | 'lastUsedAt' | 'lastUsedFrom' | 'revoked'> & { token?: string }): ApiKey {
    const key: ApiKey = { ...k, id: this.keyId(), token: k.token ?? ids.token(this.rand, this.secretMarker), lastUsedAt: null, lastUsedFrom: '', revoked: false };
    this.keys.set(key.id, key);
    this.keysByToken.set(key.token, key);
    return key;
  }

  addProject(p: Project): Project {
    this.projects.set(p.id, p);
    this.ownerSet(p.orgId).add(p.id);
    return p;
  }

  ownerSet(orgId: string | undefined): Set<string> {
    const k = orgId ?? '';
    this.sortedCache.delete(k);
    let s = this.projectsByOwner.get(k);
    if (!s) this.projectsByOwner.set(k, (s = new Set()));
    return s;
  }

  /** Projects of an org (or personal projects of a user when orgId is undefined), sorted by id:
   * list cursors are the last id, so id order keeps paging stable across deletes and transfers. */
  ownerProjects(orgId: string | undefined, userId?: string): Project[] {
    const k = orgId ?? '';
    let sorted = this.sortedCache.get(k);
    if (!sorted) {
      sorted = [...(this.projectsByOwner.get(k) ?? [])].sort().map((id) => this.projects.get(id)!).filter(Boolean);
      this.sortedCache.set(k, sorted);
    }
    return orgId !== undefined ? sorted : sorted.filter((p) => p.ownerId === userId);
  }

  moveProject(p: Project, orgId: string | undefined): void {
    this.ownerSet(p.orgId).delete(p.id);
    p.orgId = orgId;
    this.ownerSet(orgId).add(p.id);
  }

  removeProject(p: Project): void {
    this.projects.delete(p.id);
    this.ownerSet(p.orgId).delete(p.id);
    for (const perm of p.permissions) this.sharedWith.get(perm.email.toLowerCase())?.delete(p.id);
  }

  share(p: Project, email: string, grantedAt = this.now()): Permission {
    const perm: Permission = { id: this.uuid(), email, grantedAt };
    p.permissions.push(perm);
    let s = this.sharedWith.get(email.toLowerCase());
    if (!s) this.sharedWith.set(email.toLowerCase(), (s = new Set()));
    s.add(p.id);
    return perm;
  }

  unshare(p: Project, permId: string): Permission | undefined {
    const i = p.permissions.findIndex((x) => x.id === permId);
    if (i < 0) return undefined;
    const [perm] = p.permissions.splice(i, 1);
    if (!p.permissions.some((x) => x.email.toLowerCase() === perm.email.toLowerCase())) this.sharedWith.get(perm.email.toLowerCase())?.delete(p.id);
    return perm;
  }

  detail(p: Project): ProjectDetail {
    if (!p.detail) p.detail = this.materializer(this, p);
    return p.detail;
  }

  defaultBranch(p: Project): Branch | undefined {
    for (const b of this.detail(p).branches.values()) if (b.isDefault) return b;
    return undefined;
  }

  newBranch(p: Project, b: Partial<Branch> & { name: string }, createdAt = this.now()): Branch {
    const br: Branch = {
      id: ids.branch(this.rand), projectId: p.id, isDefault: false, protected: false, createdAt, updatedAt: createdAt,
      logicalSize: 30_000_000, roles: new Map(), databases: new Map(), ...b,
    };
    this.detail(p).branches.set(br.id, br);
    return br;
  }

  newEndpoint(p: Project, branchId: string, type: Endpoint['type'] = 'read_write', createdAt = this.now()): Endpoint {
    const ep: Endpoint = { id: ids.endpoint(this.rand), projectId: p.id, branchId, type, regionId: p.regionId, minCu: 0.25, maxCu: 2, state: 'idle', createdAt, updatedAt: createdAt };
    this.detail(p).endpoints.set(ep.id, ep);
    return ep;
  }

  newRole(b: Branch, name: string, createdAt = this.now(), isProtected = false): Role {
    const r: Role = { name, password: ids.password(this.rand, this.secretMarker), protected: isProtected, createdAt, updatedAt: createdAt };
    b.roles.set(name, r);
    return r;
  }

  newDatabase(b: Branch, name: string, ownerName: string, createdAt = this.now()): Database {
    const d: Database = { id: this.dbId(), name, ownerName, createdAt, updatedAt: createdAt };
    b.databases.set(name, d);
    return d;
  }

  findKeyByToken(token: string): ApiKey | undefined {
    return this.keysByToken.get(token);
  }
}
