// What an account's first level (its organizations, whether it has personal projects) showed on
// the last launch, kept so the next launch draws it at once, before the first request has left:
// VS Code's fetch waits for the machine's certificates on its first call, and the level used to
// wait with it. The level is read again at once and replaces what was drawn when it differs.
// Names and ids only: no key, no password, no connection string.
//
// An organization's projects are kept the same way (a file per organization, the projects as the
// API listed them: names, ids, regions, versions; no secret is in a project), when the whole list
// fits in one page and no filter narrowed it: an organization left expanded is drawn at once too.
//
// One small file per account in the extension's global storage folder, not globalState:
// globalState is one value per extension that each window writes whole, so a window saving a
// level would write back its own, possibly older, copy of the account list another window just
// changed. A file per account is written by itself (temporary file, then rename: a reader never
// sees half of one), and a race between two windows only decides which level is drawn next time.
import { promises as fs } from 'fs';
import * as path from 'path';
import { OrganizationSchema, ProjectSchema, type Organization, type Project } from '../api';
import type { OrgRole } from './refs';

/** Which account (and which key of it) a remembered level belongs to. */
export interface LevelOwner {
  readonly id: string;
  readonly baseUrl: string;
  readonly keyId?: string;
}

export interface RememberedLevel {
  v: 1;
  baseUrl: string;
  keyId?: string;
  orgs: Organization[];
  personal: boolean;
}

/** An organization's projects as the last launch listed them, and the user's role in it (if read). */
export interface RememberedProjects {
  v: 1;
  baseUrl: string;
  keyId?: string;
  projects: Project[];
  role?: OrgRole;
}

/** A person in more organizations than this is not drawn from memory (the file stays small). */
const MAX_ORGS = 200;
/** An organization with more projects than this is not drawn from memory. */
export const MAX_REMEMBERED_PROJECTS = 200;

/** The folder for the records: inside the extension's global storage when it is on disk (else none: nothing is remembered). */
export function levelDir(storage: { scheme: string; fsPath: string } | undefined): string | undefined {
  return storage?.scheme === 'file' ? path.join(storage.fsPath, 'levels') : undefined;
}

// Account ids are UUIDs and org ids "org-…": anything else is not used in a file name.
const safe = (id: string) => /^[\w-]{1,64}$/.test(id);
const fileOf = (dir: string, accountId: string) => (safe(accountId) ? path.join(dir, `${accountId}.json`) : undefined);
const orgFileOf = (dir: string, accountId: string, orgId: string) => (safe(accountId) && safe(orgId) ? path.join(dir, `${accountId}.${orgId}.json`) : undefined);

/** The record as saved, or undefined: checked by hand (a zod object schema here cost the bundle 3 KiB). */
function parseRecord(raw: unknown): RememberedLevel | undefined {
  const r = raw as Partial<RememberedLevel> | undefined;
  const ok =
    typeof r === 'object' && r !== null && r.v === 1 && typeof r.baseUrl === 'string' && (r.keyId === undefined || typeof r.keyId === 'string') &&
    typeof r.personal === 'boolean' && Array.isArray(r.orgs) && r.orgs.every((o) => OrganizationSchema.safeParse(o).success);
  return ok ? (r as RememberedLevel) : undefined;
}

function parseProjectsRecord(raw: unknown): RememberedProjects | undefined {
  const r = raw as Partial<RememberedProjects> | undefined;
  const ok =
    typeof r === 'object' && r !== null && r.v === 1 && typeof r.baseUrl === 'string' && (r.keyId === undefined || typeof r.keyId === 'string') &&
    (r.role === undefined || r.role === 'admin' || r.role === 'member') && Array.isArray(r.projects) && r.projects.length <= MAX_REMEMBERED_PROJECTS &&
    r.projects.every((p) => ProjectSchema.safeParse(p).success);
  return ok ? (r as RememberedProjects) : undefined;
}

async function readRecord<T>(file: string | undefined, parse: (raw: unknown) => T | undefined): Promise<T | undefined> {
  if (!file) return undefined;
  try {
    return parse(JSON.parse(await fs.readFile(file, 'utf8')));
  } catch {
    return undefined;
  }
}

/**
 * Runs the writes to one levels folder one after another, in the order they were asked. Two
 * reads answering close together (a refresh, another provider) would otherwise interleave their
 * read-compare-write-rename, and the older list could land last. A promise chain: nothing in
 * Node's fs orders writes, and a queue library would be a dependency for these few lines.
 */
const turns = new Map<string, Promise<void>>();
function inTurn(dir: string, write: () => Promise<void>): Promise<void> {
  const next = (turns.get(dir) ?? Promise.resolve()).catch(() => undefined).then(write);
  turns.set(dir, next);
  void next.catch(() => undefined).then(() => {
    if (turns.get(dir) === next) turns.delete(dir);
  });
  return next;
}

let tmpCount = 0;

/** Writes `record` unless the file already holds the same (temporary file, then rename). */
async function writeRecord(dir: string, file: string, record: RememberedLevel | RememberedProjects, old: unknown): Promise<void> {
  if (old !== undefined && sameLevel(old as typeof record, record)) return;
  await fs.mkdir(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.${++tmpCount}.tmp`;
  try {
    await fs.writeFile(tmp, JSON.stringify(record));
    await fs.rename(tmp, file);
  } finally {
    await fs.rm(tmp, { force: true });
  }
}

/** In its turn: writes `record` over the file unless it holds the same; no record removes the file. */
function keep<T extends RememberedLevel | RememberedProjects>(dir: string, file: string, record: T | undefined, parse: (raw: unknown) => T | undefined): Promise<void> {
  return inTurn(dir, async () => (record ? writeRecord(dir, file, record, await readRecord(file, parse)) : fs.rm(file, { force: true })));
}

/** The fields an org row shows; whatever else the API sends is not kept. */
function slim(o: Organization): Organization {
  const { id, name, handle, plan, managed_by } = o;
  return { id, name, ...(handle !== undefined ? { handle } : {}), ...(plan !== undefined ? { plan } : {}), ...(managed_by !== undefined ? { managed_by } : {}) };
}

export function levelRecord(owner: LevelOwner, orgs: readonly Organization[], personal: boolean): RememberedLevel | undefined {
  if (orgs.length > MAX_ORGS) return undefined;
  return { v: 1, baseUrl: owner.baseUrl, ...(owner.keyId ? { keyId: owner.keyId } : {}), orgs: orgs.map(slim), personal };
}

/** The level remembered for this account, if it was saved for the same API and key and still reads. */
export async function recallLevel(dir: string | undefined, owner: LevelOwner): Promise<RememberedLevel | undefined> {
  const r = dir ? await readRecord(fileOf(dir, owner.id), parseRecord) : undefined;
  return r && r.baseUrl === owner.baseUrl && r.keyId === owner.keyId ? r : undefined;
}

export function sameLevel<T extends RememberedLevel | RememberedProjects>(a: T, b: T): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Saves the level when it changed; `undefined` (too large to keep) forgets it. */
export async function rememberLevel(dir: string | undefined, owner: LevelOwner, record: RememberedLevel | undefined): Promise<void> {
  const file = dir && fileOf(dir, owner.id);
  if (!dir || !file) return;
  await keep(dir, file, record, parseRecord);
}

/** Forgets the account's level and its organizations' projects (a removed account, a new key, a rejected one). */
export async function forgetLevel(dir: string | undefined, accountId: string): Promise<void> {
  const file = dir && fileOf(dir, accountId);
  if (!dir || !file) return;
  await inTurn(dir, async () => {
    await fs.rm(file, { force: true });
    const names = await fs.readdir(dir).catch(() => [] as string[]);
    await Promise.all(names.filter((n) => n.startsWith(`${accountId}.`) && n.endsWith('.json')).map((n) => fs.rm(path.join(dir, n), { force: true })));
  });
}

/**
 * The record of an organization's projects, or undefined when the list is not one to draw from
 * memory (more than one page, projects the API could not load, too many).
 */
export function projectsRecord(owner: LevelOwner, projects: readonly Project[], role: OrgRole | undefined): RememberedProjects | undefined {
  if (projects.length > MAX_REMEMBERED_PROJECTS) return undefined;
  return { v: 1, baseUrl: owner.baseUrl, ...(owner.keyId ? { keyId: owner.keyId } : {}), projects: [...projects], ...(role ? { role } : {}) };
}

/** The organization's projects remembered for this account, if saved for the same API and key. */
export async function recallOrgProjects(dir: string | undefined, owner: LevelOwner, orgId: string): Promise<RememberedProjects | undefined> {
  const r = dir ? await readRecord(orgFileOf(dir, owner.id, orgId), parseProjectsRecord) : undefined;
  return r && r.baseUrl === owner.baseUrl && r.keyId === owner.keyId ? r : undefined;
}

/** Saves an organization's projects when they changed; `undefined` forgets them. */
export async function rememberOrgProjects(dir: string | undefined, owner: LevelOwner, orgId: string, record: RememberedProjects | undefined): Promise<void> {
  const file = dir && orgFileOf(dir, owner.id, orgId);
  if (!dir || !file) return;
  await keep(dir, file, record, parseProjectsRecord);
}
