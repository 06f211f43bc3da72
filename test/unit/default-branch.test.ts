import * as assert from 'assert';
import { defaultFirst, isDefaultBranch } from '../../src/util/defaultBranch';

// `primary` is the API's deprecated name of `default` ("DEPRECATED. Use `default` field"): the
// tree, the pickers and the delete guard once disagreed when the two differ.
describe('isDefaultBranch', () => {
  it('follows `default` when it is there, even against `primary`', () => {
    assert.strictEqual(isDefaultBranch({ default: false, primary: true }), false);
    assert.strictEqual(isDefaultBranch({ default: true, primary: false }), true);
  });

  it('falls back to the deprecated `primary` only when `default` is absent', () => {
    assert.strictEqual(isDefaultBranch({ primary: true }), true);
    assert.strictEqual(isDefaultBranch({ default: null, primary: true }), true);
    assert.strictEqual(isDefaultBranch({ primary: false }), false);
    assert.strictEqual(isDefaultBranch({}), false);
  });

  it('puts the default branch first, then the rest by name', () => {
    const names = defaultFirst([
      { name: 'zeta' },
      { name: 'old-primary', default: false, primary: true },
      { name: 'alpha' },
      { name: 'main', default: true },
    ]).map((b) => b.name);
    assert.deepStrictEqual(names, ['main', 'alpha', 'old-primary', 'zeta']);
  });
});
