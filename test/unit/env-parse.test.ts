import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import * as dotenv from 'dotenv';
import { parseEnv } from '../../src/env/parse';
import { envFile } from './env-gen';

/** Our span-reporting replica must read files exactly like dotenv.parse. */
const same = (text: string) => assert.deepEqual(Object.fromEntries(parseEnv(text)), { ...dotenv.parse(text) });

describe('env/parse replica of dotenv.parse', () => {
  it('agrees on character soup (2000 runs)', () => {
    const unit = fc.constantFrom('A', 'B', '=', ' ', '#', "'", '"', '`', '\\', 'n', '\n', '\r', '\r\n', ':', 'x', 'export ', '\t', '\u2028', '\uFEFF', '$');
    fc.assert(fc.property(fc.string({ unit, maxLength: 60 }), same), { numRuns: 2000 });
  });

  it('agrees on generated files (500 runs)', () => {
    fc.assert(fc.property(envFile, (f) => same(f.text)), { numRuns: 500 });
  });

  it('agrees on known quirks', () => {
    for (const t of ["A=\n'v'", 'A:\nB=1', 'A: 1', 'A="x\\ny" # c', "A='x\ny'\nB=2", '__proto__=1\nB=2', 'export export A=1', 'A=1\rB=2']) same(t);
  });
});
