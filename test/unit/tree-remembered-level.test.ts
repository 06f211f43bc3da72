// The record of an account's first level kept in globalState between launches
// (src/tree/rememberedLevel.ts): what it keeps, when it is ignored, when it is written.
import * as assert from 'assert';
import { forgetLevel, levelRecord, recallLevel, rememberLevel, type LevelMemento } from '../../src/tree/rememberedLevel';

/** A Memento over a Map, counting writes (globalState writes its file on each). */
function memento(): LevelMemento & { writes: number; raw: Map<string, unknown> } {
  const raw = new Map<string, unknown>();
  return {
    raw,
    writes: 0,
    get: <T>(k: string) => raw.get(k) as T | undefined,
    update(k: string, v: unknown) {
      this.writes++;
      if (v === undefined) raw.delete(k);
      else raw.set(k, structuredClone(v));
      return Promise.resolve();
    },
  };
}

const owner = { id: 'a1', baseUrl: 'https://console.neon.tech/api/v2', keyId: 'abc123def456' };
const acme = { id: 'org-acme', name: 'Acme Inc', handle: 'acme', plan: 'business', created_at: '2026-01-01T00:00:00Z', extra: { billing: 'x' } };

describe('remembered account level', () => {
  it('keeps the ids, names and plan of the organizations and whether there are personal projects, nothing else', async () => {
    const m = memento();
    await rememberLevel(m, owner, levelRecord(owner, [acme], true));
    const r = recallLevel(m, owner);
    assert.deepStrictEqual(r, { v: 1, baseUrl: owner.baseUrl, keyId: owner.keyId, orgs: [{ id: 'org-acme', name: 'Acme Inc', handle: 'acme', plan: 'business' }], personal: true });
    assert.ok(!JSON.stringify([...m.raw.values()]).includes('billing'));
  });

  it('is ignored for another key or another API, and when it does not read', async () => {
    const m = memento();
    await rememberLevel(m, owner, levelRecord(owner, [acme], false));
    assert.strictEqual(recallLevel(m, { ...owner, keyId: 'ffffffffffff' }), undefined);
    assert.strictEqual(recallLevel(m, { ...owner, baseUrl: 'http://127.0.0.1:1/api/v2' }), undefined);
    assert.strictEqual(recallLevel(m, { ...owner, id: 'a2' }), undefined);
    m.raw.set('neonExplorer.level.a1', { v: 1, orgs: 'nope' });
    assert.strictEqual(recallLevel(m, owner), undefined);
    m.raw.set('neonExplorer.level.a1', { v: 2, baseUrl: owner.baseUrl, keyId: owner.keyId, orgs: [], personal: false });
    assert.strictEqual(recallLevel(m, owner), undefined);
  });

  it('is written only when the level changed, and forgotten when asked or when too large to keep', async () => {
    const m = memento();
    await rememberLevel(m, owner, levelRecord(owner, [acme], false));
    await rememberLevel(m, owner, levelRecord(owner, [{ ...acme, updated_at: '2026-12-01T00:00:00Z' }], false));
    assert.strictEqual(m.writes, 1, 'the same level again (a field not kept changed) is not written');
    await rememberLevel(m, owner, levelRecord(owner, [{ ...acme, name: 'Acme Corp' }], false));
    assert.strictEqual(m.writes, 2);
    assert.strictEqual(recallLevel(m, owner)?.orgs[0]?.name, 'Acme Corp');
    const many = Array.from({ length: 201 }, (_, i) => ({ id: `org-${i}`, name: `Org ${i}` }));
    await rememberLevel(m, owner, levelRecord(owner, many, false));
    assert.strictEqual(recallLevel(m, owner), undefined, 'over 200 organizations: not kept');
    await rememberLevel(m, owner, levelRecord(owner, [acme], true));
    await forgetLevel(m, owner.id);
    assert.strictEqual(recallLevel(m, owner), undefined);
    assert.strictEqual(m.raw.size, 0);
  });
});
