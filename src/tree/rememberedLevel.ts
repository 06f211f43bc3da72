// What an account's first level (its organizations, whether it has personal projects) showed on
// the last launch, kept so the next launch draws it at once, before the first request has left:
// VS Code's fetch waits for the machine's certificates on its first call, and the level used to
// wait with it. The level is read again at once and replaces what was drawn when it differs.
// Names and ids only: no key, no password, no connection string.
//
// One small file per account in the extension's global storage folder, not globalState:
// globalState is one value per extension that each window writes whole, so a window saving a
// level would write back its own, possibly older, copy of the account list another window just
// changed. A file per account is written by itself (temporary file, then rename: a reader never
// sees half of one), and a race between two windows only decides which level is drawn next time.
import { promises as fs } from 'fs';
import * as path from 'path';
import { OrganizationSchema, type Organization } from '../api';

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

/** A person in more organizations than this is not drawn from memory (the file stays small). */
const MAX_ORGS = 200;

/** The folder for the records: inside the extension's global storage when it is on disk (else none: nothing is remembered). */
export function levelDir(storage: { scheme: string; fsPath: string } | undefined): string | undefined {
  return storage?.scheme === 'file' ? path.join(storage.fsPath, 'levels') : undefined;
}

// Account ids are UUIDs; anything else is not used as a file name.
const fileOf = (dir: string, accountId: string) => (/^[\w-]{1,64}$/.test(accountId) ? path.join(dir, `${accountId}.json`) : undefined);

/** The record as saved, or undefined: checked by hand (a zod object schema here cost the bundle 3 KiB). */
function parseRecord(raw: unknown): RememberedLevel | undefined {
  const r = raw as Partial<RememberedLevel> | undefined;
  const ok =
    typeof r === 'object' && r !== null && r.v === 1 && typeof r.baseUrl === 'string' && (r.keyId === undefined || typeof r.keyId === 'string') &&
    typeof r.personal === 'boolean' && Array.isArray(r.orgs) && r.orgs.every((o) => OrganizationSchema.safeParse(o).success);
  return ok ? (r as RememberedLevel) : undefined;
}

async function readRecord(file: string | undefined): Promise<RememberedLevel | undefined> {
  if (!file) return undefined;
  try {
    return parseRecord(JSON.parse(await fs.readFile(file, 'utf8')));
  } catch {
    return undefined;
  }
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
  const r = dir ? await readRecord(fileOf(dir, owner.id)) : undefined;
  return r && r.baseUrl === owner.baseUrl && r.keyId === owner.keyId ? r : undefined;
}

export function sameLevel(a: RememberedLevel, b: RememberedLevel): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Saves the level when it changed; `undefined` (too large to keep) forgets it. */
export async function rememberLevel(dir: string | undefined, owner: LevelOwner, record: RememberedLevel | undefined): Promise<void> {
  const file = dir && fileOf(dir, owner.id);
  if (!dir || !file) return;
  if (!record) return forgetLevel(dir, owner.id);
  const old = await readRecord(file);
  if (old && sameLevel(old, record)) return;
  await fs.mkdir(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    await fs.writeFile(tmp, JSON.stringify(record));
    await fs.rename(tmp, file);
  } finally {
    await fs.rm(tmp, { force: true });
  }
}

export async function forgetLevel(dir: string | undefined, accountId: string): Promise<void> {
  const file = dir && fileOf(dir, accountId);
  if (file) await fs.rm(file, { force: true });
}
