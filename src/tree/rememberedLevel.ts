// What an account's first level (its organizations, whether it has personal projects) showed on
// the last launch, kept in globalState so the next launch draws it at once, before the first
// request has left: VS Code's fetch waits for the machine's certificates on its first call, and
// the level used to wait with it. The level is read again at once and replaces what was drawn
// when it differs. Names and ids only: no key, no password, no connection string.
import { OrganizationSchema, type Organization } from '../api';

/** globalState is a Memento; this is the part used (free of vscode, like the API client). */
export interface LevelMemento {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

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

/** The record as saved, or undefined: checked by hand (a zod object schema here cost the bundle 3 KiB). */
function parseRecord(raw: unknown): RememberedLevel | undefined {
  const r = raw as Partial<RememberedLevel> | undefined;
  const ok =
    typeof r === 'object' && r !== null && r.v === 1 && typeof r.baseUrl === 'string' && (r.keyId === undefined || typeof r.keyId === 'string') &&
    typeof r.personal === 'boolean' && Array.isArray(r.orgs) && r.orgs.every((o) => OrganizationSchema.safeParse(o).success);
  return ok ? (r as RememberedLevel) : undefined;
}

/** A person in more organizations than this is not drawn from memory (the record stays small). */
const MAX_ORGS = 200;

const keyOf = (accountId: string) => `neonExplorer.level.${accountId}`;

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
export function recallLevel(m: LevelMemento, owner: LevelOwner): RememberedLevel | undefined {
  const r = parseRecord(m.get(keyOf(owner.id)));
  return r && r.baseUrl === owner.baseUrl && r.keyId === owner.keyId ? r : undefined;
}

export function sameLevel(a: RememberedLevel, b: RememberedLevel): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Saves the level when it changed (globalState is written to disk on every update). */
export async function rememberLevel(m: LevelMemento, owner: LevelOwner, record: RememberedLevel | undefined): Promise<void> {
  const key = keyOf(owner.id);
  if (!record) return forgetLevel(m, owner.id);
  const old = parseRecord(m.get(key));
  if (old && sameLevel(old, record)) return;
  await m.update(key, record);
}

export async function forgetLevel(m: LevelMemento, accountId: string): Promise<void> {
  if (m.get(keyOf(accountId)) !== undefined) await m.update(keyOf(accountId), undefined);
}
