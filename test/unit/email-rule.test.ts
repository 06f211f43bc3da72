/** Invitation and guest emails: ours is the document's `format: email` (ajv-formats' full rule) and maxLength 256. */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fullFormats } from 'ajv-formats/dist/formats';
import { isEmailAddress, parseEmailList } from '../../src/commands/orgLogic';
import { createRequestChecker } from '../../emulator/openapi-requests';

const documentAccepts = (s: string) => s.length >= 1 && s.length <= 256 && (fullFormats.email as RegExp).test(s);

describe('email rule = the API document\'s format: email', () => {
  it('refuses what the looser rule let through: a non-ASCII local part, an underscore in the domain', () => {
    for (const bad of ['josé@example.com', 'ops@my_host.example.com', 'a@b', 'a@-x.example', 'a b@example.com', 'a@example..com']) {
      assert.equal(isEmailAddress(bad), false, bad);
      assert.equal(documentAccepts(bad), false, bad);
    }
    assert.deepEqual(parseEmailList('josé@example.com, ok@example.com').invalid, ['josé@example.com']);
  });

  it('accepts what the document accepts, including a one-letter TLD and plus tags', () => {
    for (const good of ['ann+vc@sub.acme.example', "o'brien@example.ie", 'x@a.b', 'UPPER@Example.COM']) {
      assert.equal(isEmailAddress(good), true, good);
      assert.equal(documentAccepts(good), true, good);
    }
  });

  it('property: agrees with the document on generated addresses and arbitrary strings', () => {
    fc.assert(fc.property(fc.oneof(fc.emailAddress(), fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 30 })), (s) => {
      assert.equal(isEmailAddress(s), documentAccepts(s), s);
    }), { numRuns: 2000 });
    assert.equal(isEmailAddress(`${'a'.repeat(251)}@b.com`), false, 'longer than the documented 256');
  });

  it('every address the invite command would send passes the request checker', () => {
    const checker = createRequestChecker();
    fc.assert(fc.property(fc.emailAddress(), (email) => {
      fc.pre(isEmailAddress(email));
      const v = checker.check({ method: 'POST', path: '/organizations/org-a-1/invitations', query: new URLSearchParams(), body: JSON.stringify({ invitations: [{ email, role: 'member' }] }) });
      assert.deepEqual(v.violations, []);
    }), { numRuns: 300 });
  });
});
