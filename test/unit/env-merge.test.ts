import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import * as dotenv from 'dotenv';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { mergeEnv, removeEnvKeys, EnvMergeError, detectEol, keysToChange } from '../../src/env/merge';
import { scanEnv } from '../../src/env/parse';
import { envFile, safeValue, anyValue, updates, type GenFile } from './env-gen';

const RUNS = 500;
const parse = (s: string) => ({ ...dotenv.parse(s) });
const endsWithEol = (s: string) => /[\r\n]$/.test(s);

/** Index of the item dotenv takes each key from (the last entry wins). */
function effectiveItems(f: GenFile): Map<string, number> {
  const m = new Map<string, number>();
  f.items.forEach((it, i) => it.kind === 'entry' && m.set(it.key!, i));
  return m;
}

/** Lines with their terminators. */
const splitLines = (s: string) => s.match(/[^\n]*\n|[^\n]+$/g) ?? [];

/**
 * Largest number of untouched input lines that can be matched, in order, to
 * identical output lines (a weighted LCS). All of them must be. The input's last
 * line may gain a line break when a key is appended after it.
 */
function maxKeptInOrder(a: string[], b: string[], touched: Set<number>): number {
  const eq = (i: number) => (x: string) =>
    a[i] === x ||
    (i === a.length - 1 && !a[i].endsWith('\n') && (x === a[i] + '\n' || x === a[i] + '\r\n')) ||
    (a[i] === '\uFEFF' && x.startsWith('\uFEFF')); // a BOM-only file
  const dp: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      dp[i][j] = Math.max(dp[i - 1][j], dp[i][j - 1]);
      if (!touched.has(i - 1) && eq(i - 1)(b[j - 1])) dp[i][j] = Math.max(dp[i][j], dp[i - 1][j - 1] + 1);
    }
  }
  return dp[a.length][b.length];
}

describe('env/merge: properties over generated files', () => {
  it('the generator produces what it thinks it produces (keys in order)', () => {
    fc.assert(
      fc.property(envFile, (f) => {
        const keys = f.items.filter((i) => i.kind === 'entry').map((i) => i.key);
        assert.deepEqual(scanEnv(f.text).map((e) => e.key), keys);
        assert.equal(f.chunks.join('') || f.text, f.text);
      }),
      { numRuns: RUNS },
    );
  });

  it('merging nothing returns the input unchanged', () => {
    fc.assert(fc.property(envFile, (f) => assert.equal(mergeEnv(f.text, {}), f.text)), { numRuns: RUNS });
  });

  it('dotenv.parse(merge(input, u)) equals {...dotenv.parse(input), ...u}', () => {
    fc.assert(
      fc.property(envFile, updates(safeValue), (f, u) => {
        assert.deepEqual(parse(mergeEnv(f.text, u)), { ...parse(f.text), ...u });
      }),
      { numRuns: RUNS },
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(envFile, updates(safeValue), (f, u) => {
        const once = mergeEnv(f.text, u);
        assert.equal(mergeEnv(once, u), once);
      }),
      { numRuns: RUNS },
    );
  });

  it('leaves every line it was not asked to change byte-identical, in order', () => {
    fc.assert(
      fc.property(envFile, updates(safeValue), (f, u) => {
        const out = mergeEnv(f.text, u);
        const eff = effectiveItems(f);
        const before = parse(f.text);
        const touchedItems = new Set(Object.keys(u).filter((k) => eff.has(k) && before[k] !== u[k]).map((k) => eff.get(k)!));
        // Line numbers (in the input) of the touched items.
        const touched = new Set<number>();
        let line = 0;
        f.chunks.forEach((c, i) => {
          for (let n = splitLines(c).length; n > 0; n--, line++) if (touchedItems.has(i)) touched.add(line);
        });
        const a = splitLines(f.text);
        const b = splitLines(out);
        const kept = a.filter((_, i) => !touched.has(i)).length;
        assert.equal(maxKeptInOrder(a, b, touched), kept, 'an untouched line changed or moved');
        // New lines (appended keys) use the dominant line ending.
        if (out.startsWith(f.text) && detectEol(f.text) === '\r\n') assert.ok(!/(^|[^\r])\n/.test(out.slice(f.text.length)));
      }),
      { numRuns: RUNS },
    );
  });

  it('keeps the BOM and the presence or absence of a final newline; new lines use the dominant EOL', () => {
    fc.assert(
      fc.property(envFile, updates(safeValue), (f, u) => {
        const out = mergeEnv(f.text, u);
        assert.equal(out.startsWith('\uFEFF'), f.text.startsWith('\uFEFF'));
        if (f.text.replace('\uFEFF', '') !== '') assert.equal(endsWithEol(out), endsWithEol(f.text));
      }),
      { numRuns: RUNS },
    );
  });

  it('any value: either reads back exactly or is refused with an error that names the key, not the value', () => {
    let refused = 0;
    fc.assert(
      fc.property(envFile, fc.constantFrom('A', 'NEW'), anyValue, (f, key, v) => {
        const value = `S3CR3T${v}`;
        try {
          assert.equal(parse(mergeEnv(f.text, { [key]: value }))[key], value);
        } catch (e) {
          if (!(e instanceof EnvMergeError)) throw e;
          refused++;
          assert.match(e.message, /cannot be written in \.env syntax/);
          assert.ok(e.message.includes(key) && !e.message.includes('S3CR3T'));
        }
      }),
      { numRuns: RUNS },
    );
    assert.ok(refused < RUNS / 2, `refused ${refused}`);
  });

  it('what it writes is also read back by dotenv’s opt-in fast parser', () => {
    fc.assert(
      fc.property(safeValue, fc.boolean(), (v, crlf) => {
        const out = mergeEnv(crlf ? 'A=1\r\n' : '', { K: v });
        assert.equal(dotenv.parse(out, { fast: true }).K, v);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('env/merge: hand-written cases', () => {
  it('keysToChange names the keys whose values dotenv reads differently, however they are quoted', () => {
    const text = "A='x'\nB=1\nB=2\nexport C=\"y z\"\n";
    assert.deepEqual(keysToChange(text, { A: 'x', B: '2', C: 'y z' }), []);
    assert.deepEqual(keysToChange(text, { A: 'x', B: '1', D: '' }), ['B', 'D']);
    assert.equal(mergeEnv(text, { A: 'x', B: '2', C: 'y z' }), text);
  });

  const cases: Array<[string, string, Record<string, string>, string]> = [
    ['appends to an empty file with a final newline', '', { A: '1' }, 'A=1\n'],
    ['keeps a missing final newline', 'A=1', { B: '2' }, 'A=1\nB=2'],
    ['keeps CRLF', 'A=1\r\nB=2\r\n', { C: '3', A: 'x' }, 'A=x\r\nB=2\r\nC=3\r\n'],
    ['keeps a BOM', '\uFEFFA=1\n', { A: '2' }, '\uFEFFA=2\n'],
    ['keeps export and spacing', 'export  A = old # why\n', { A: 'new' }, 'export  A = new # why\n'],
    ['KEY= value # comment', 'KEY= value # comment\n', { KEY: 'v2' }, 'KEY= v2 # comment\n'],
    ['a # inside a value is quoted', '', { K: 'a#b' }, "K='a#b'\n"],
    ['spaces and $ are single-quoted', '', { K: 'p w$1' }, "K='p w$1'\n"],
    ['a single quote uses double quotes', '', { K: "it's" }, 'K="it\'s"\n'],
    ['a newline uses escaped double quotes', '', { K: 'a\nb' }, 'K="a\\nb"\n'],
    ['both quotes and a newline use backticks', '', { K: 'it\'s "x"\ny' }, 'K=`it\'s "x"\ny`\n'],
    ['URLs stay bare', '', { U: 'postgresql://u:p%40@h/db?sslmode=require' }, 'U=postgresql://u:p%40@h/db?sslmode=require\n'],
    ['a URL with & is single-quoted', '', { U: 'postgresql://u:p@h/db?sslmode=require&channel_binding=require' }, "U='postgresql://u:p@h/db?sslmode=require&channel_binding=require'\n"],
    ['duplicates: the last one (the one dotenv uses) is updated', 'A=1\nA=2\n', { A: '3' }, 'A=1\nA=3\n'],
    ['a key inside a multi-line value is not a key', 'A="x\nB=1\n"\nB=2\n', { B: '3' }, 'A="x\nB=1\n"\nB=3\n'],
    ['replacing a multi-line value removes its lines (its quotes stay)', "A='x\nB=1'\nC=1\n", { A: 'y' }, "A='y'\nC=1\n"],
    ['an unchanged value keeps its quoting', 'A="1"\n', { A: '1' }, 'A="1"\n'],
    ['empty value', 'A=\nB=1\n', { A: 'x' }, 'A=x\nB=1\n'],
    ['empty value before a comment', 'A=   # c\n', { A: 'x' }, 'A=x   # c\n'],
    ['YAML-ish separator', 'A: 1\n', { A: '2' }, 'A: 2\n'],
    ['value on the next line is pulled up', "A=\n'v'\nB=1\n", { A: 'w' }, "A='w'\nB=1\n"],
    // `K=a"`b'` (only bare works) would close X's quote, so the new line goes first.
    ['an unterminated quote earlier does not swallow the new key', "X='abc\n", { K: 'a"`b\'' }, 'K=a"`b\'\nX=\'abc\n'],
    ['a dangling `A:` at the end stays dangling', 'B=1\nA:', { C: '2' }, 'C=2\nB=1\nA:'],
    ['unicode', '', { K: 'héllo😀' }, "K='héllo😀'\n"],
  ];
  for (const [name, input, u, expected] of cases) {
    it(name, () => {
      const out = mergeEnv(input, u);
      assert.equal(out, expected);
      assert.deepEqual(parse(out), { ...parse(input), ...u });
    });
  }

  it('CRLF around an updated multi-line value stays CRLF', () => {
    const out = mergeEnv('A=1\r\nK="l1\r\nl2"\r\nB=2\r\n', { K: 'v' });
    assert.equal(out, 'A=1\r\nK="v"\r\nB=2\r\n');
  });

  it('stays fast on long runs of blank lines (dotenv.parse itself needs minutes here)', () => {
    const input = 'junk\n' + '\n'.repeat(300_000) + 'A=1\n';
    const t = Date.now();
    assert.equal(mergeEnv(input, { A: '2', B: '3' }), 'junk\n' + '\n'.repeat(300_000) + 'A=2\nB=3\n');
    assert.ok(Date.now() - t < 3000, `${Date.now() - t} ms`);
  });

  it('duplicate keys: dotenv.parse really returns the last one', () => {
    assert.equal(dotenv.parse('A=1\nA=2\n').A, '2');
  });

  it('refuses invalid keys', () => {
    for (const k of ['', '1A', 'A B', 'A=B', 'ä', '__proto__', 'owner.db-url', 'A-B']) {
      assert.throws(() => mergeEnv('', { [k]: 'v' }), EnvMergeError, k);
    }
  });

  it('refuses unrepresentable values without echoing them', () => {
    for (const v of ['x\'"`#', 'a\r"', ' trailing\\', '"\'`# x']) {
      assert.throws(
        () => mergeEnv('A=1\n', { PASSWORD: v }),
        (e: unknown) => e instanceof EnvMergeError && e.key === 'PASSWORD' && !e.message.includes(v),
      );
    }
  });
});

describe('env/merge: what it writes reads the same in dotenv and in a shell that sources the file', () => {
  let dir = '';
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'env-sh-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** DATABASE_URL as `sh -c 'set -a; . ./file'` reads it. */
  const shRead = (text: string): string => {
    fs.writeFileSync(path.join(dir, 'file'), text);
    return execFileSync('sh', ['-c', 'set -a; . ./file; printf %s "$DATABASE_URL"'], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: '/nonexistent-home' } });
  };
  const neon = 'postgresql://neondb_owner:npg_AbC123@ep-cool-darkness-a1b2c3d4-pooler.us-east-2.aws.neon.tech/neondb';
  const values = [
    `${neon}?sslmode=require&channel_binding=require`,
    `${neon}?sslmode=require`,
    'postgresql://u:p%40ss%23w%3D@h:5432/db?sslmode=require&options=endpoint%3Dep-x&application_name=a b',
    'postgresql://u:pa$$word@h/db?x=$HOME&y=`id`',
    'a=b;c|d<e>f(g)h',
    'p w\t#1',
    "it's",
    'x:~/y',
    '~root',
    'tab\there',
    '"quoted"',
    'back\\slash',
    '#hash',
    'plain-value_1.2',
    '',
  ];
  const files = ['', '# app\nexport DATABASE_URL=old\n', "DATABASE_URL='old'\n", 'DATABASE_URL="old"\n', 'OTHER=1\nDATABASE_URL=old # note\n'];

  for (const value of values) {
    it(JSON.stringify(value), () => {
      for (const input of files) {
        const out = mergeEnv(input, { DATABASE_URL: value });
        assert.equal(parse(out).DATABASE_URL, value, `dotenv: ${out}`);
        assert.equal(shRead(out), value, `sh: ${out}`);
      }
    });
  }

  it('a value with nothing special stays bare; a replaced line keeps its own quotes when they can carry the value', () => {
    assert.equal(mergeEnv('', { DATABASE_URL: 'postgresql://u:p@h/db?sslmode=require' }), 'DATABASE_URL=postgresql://u:p@h/db?sslmode=require\n');
    assert.equal(mergeEnv('DATABASE_URL="old"\n', { DATABASE_URL: 'a&b' }), 'DATABASE_URL="a&b"\n');
    assert.equal(mergeEnv('DATABASE_URL="old"\n', { DATABASE_URL: 'plain' }), 'DATABASE_URL="plain"\n');
    assert.equal(mergeEnv('DATABASE_URL="old"\n', { DATABASE_URL: 'a$b' }), "DATABASE_URL='a$b'\n", 'sh expands $ in double quotes');
    assert.equal(mergeEnv("export DATABASE_URL='old' # c\n", { DATABASE_URL: 'plain' }), "export DATABASE_URL='plain' # c\n");
    assert.equal(mergeEnv("DATABASE_URL='old'\n", { DATABASE_URL: "it's" }), 'DATABASE_URL="it\'s"\n');
    assert.equal(mergeEnv('DATABASE_URL=old\r\n', { DATABASE_URL: 'a&b' }), "DATABASE_URL='a&b'\r\n");
    // No quoting carries both ' and $ for sh and dotenv alike: dotenv, the file's format, comes first.
    assert.equal(mergeEnv('', { DATABASE_URL: "it's $HOME" }), 'DATABASE_URL="it\'s $HOME"\n');
  });
});

describe('env/merge: removing variables (Remove Them, after a delete)', () => {
  it('drops the named lines (every copy, their comments and export) and keeps every other byte', () => {
    const before = '\uFEFF# top\r\nexport A=1 # old\r\nB="keep"\r\n\r\nA=2\r\nC=\'multi\r\nline\'\r\nD=x';
    assert.equal(removeEnvKeys(before, ['A']), '\uFEFF# top\r\nB="keep"\r\n\r\nC=\'multi\r\nline\'\r\nD=x');
    assert.equal(removeEnvKeys(before, ['C']), '\uFEFF# top\r\nexport A=1 # old\r\nB="keep"\r\n\r\nA=2\r\nD=x');
  });
  it('the last line without a line break goes with the one before it, so the file still ends without one; the BOM stays', () => {
    assert.equal(removeEnvKeys('A=1\nB=2', ['B']), 'A=1');
    assert.equal(removeEnvKeys('\uFEFFA=1\n', ['A']), '\uFEFF');
    assert.equal(removeEnvKeys('A=1', ['A']), '');
  });
  it('a name not in the file changes nothing; a dotted name (dotenv reads it) can be removed', () => {
    assert.equal(removeEnvKeys('A=1\n', ['Z']), 'A=1\n');
    assert.equal(removeEnvKeys('x.y=1\nA=2\n', ['x.y']), 'A=2\n');
  });
  it('over generated files: exactly the named keys are gone, every other value reads as before, or it refuses', () => {
    fc.assert(
      fc.property(envFile, fc.subarray(['A', 'DB_URL', 'x.y', 'K-2', '_S']), (f, keys) => {
        let out: string;
        try {
          out = removeEnvKeys(f.text, keys);
        } catch (e) {
          return e instanceof EnvMergeError;
        }
        const expected = parse(f.text);
        for (const k of keys) delete expected[k];
        assert.deepEqual(parse(out), expected);
        return true;
      }),
      { numRuns: RUNS },
    );
  });
});
