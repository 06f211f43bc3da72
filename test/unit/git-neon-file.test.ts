// `.neon` after Neon branches are deleted (Clean Up Branches, Delete Branch): what the writer puts
// on disk, byte for byte.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { forgetBranches, readNeonFile, writeNeonFile } from '../../src/git/neonFile';

describe('.neon after Neon branches are deleted', () => {
  let dir = '';
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'neon-file-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Writes `text` as .neon, forgets `gone`, and returns the file as written (unchanged when nothing was forgotten). */
  async function forget(text: string, ...gone: string[]): Promise<string> {
    writeFileSync(path.join(dir, '.neon'), text);
    const next = forgetBranches((await readNeonFile(dir))!, (n) => gone.includes(n));
    if (next) await writeNeonFile(dir, next);
    return readFileSync(path.join(dir, '.neon'), 'utf8');
  }

  const linked = '{\n  "orgId": "org-1",\n  "projectId": "p-1",\n  "branch": "main"\n}\n';

  it('the last mapped branch gone: no empty git map is left, the file reads as Link wrote it', async () => {
    const mapped = '{\n  "orgId": "org-1",\n  "projectId": "p-1",\n  "branch": "main",\n  "git": {\n    "map": {\n      "feature/x": "feature/x"\n    }\n  }\n}\n';
    assert.equal(await forget(mapped, 'feature/x'), linked);
  });

  it('one of two mapped branches gone: the other entry stays', async () => {
    const two = '{\n  "orgId": "org-1",\n  "projectId": "p-1",\n  "branch": "main",\n  "git": {\n    "map": {\n      "a": "a",\n      "b": "b"\n    }\n  }\n}\n';
    assert.equal(await forget(two, 'a'), '{\n  "orgId": "org-1",\n  "projectId": "p-1",\n  "branch": "main",\n  "git": {\n    "map": {\n      "b": "b"\n    }\n  }\n}\n');
  });

  it('the map emptied: the git block keeps its other fields (neon-cli\'s follow, unknown ones), and every key keeps its place', async () => {
    const text = '{\n  "projectId": "p-1",\n  "git": {\n    "follow": true,\n    "map": {\n      "x": "x"\n    },\n    "later": 1\n  },\n  "branch": "main",\n  "extra": [\n    1\n  ]\n}\n';
    assert.equal(await forget(text, 'x'), '{\n  "projectId": "p-1",\n  "git": {\n    "follow": true,\n    "later": 1\n  },\n  "branch": "main",\n  "extra": [\n    1\n  ]\n}\n');
  });

  it('the context branch gone goes too; a branch named nowhere changes no byte', async () => {
    const onX = '{\n  "orgId": "org-1",\n  "projectId": "p-1",\n  "branch": "x",\n  "git": {\n    "map": {\n      "x": "x"\n    }\n  }\n}\n';
    assert.equal(await forget(onX, 'x'), '{\n  "orgId": "org-1",\n  "projectId": "p-1"\n}\n');
    const odd = '{"projectId":"p-1","git":{"map":{}}}';
    assert.equal(await forget(odd, 'y'), odd, 'not rewritten: nothing named y');
  });
});
