import { strict as assert } from 'assert';
import fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import * as l10n from '@vscode/l10n';
import {
  batches,
  emailListProblem,
  explainLimit,
  explainLimits,
  freeName,
  invitedHeadline,
  skippedText,
  isEmailAddress,
  keyNameProblem,
  onlyAdminProblem,
  parseEmailList,
  singleEmailProblem,
} from '../../src/commands/orgLogic';
import { consoleUrl } from '../../src/commands/consoleUrl';

describe('commands: email lists', () => {
  it('splits on commas, semicolons, spaces and new lines', () => {
    const r = parseEmailList('ana@example.com, ben@example.org;cy@example.net\n  dee@example.io   eve@example.co');
    assert.deepEqual(r.emails, ['ana@example.com', 'ben@example.org', 'cy@example.net', 'dee@example.io', 'eve@example.co']);
    assert.deepEqual(r.invalid, []);
  });

  it('keeps the address of "Name <address>" and strips quotes, mailto: and a trailing dot', () => {
    const r = parseEmailList('Ana Lopez <ana@example.com>, "ben@example.org", mailto:cy@example.net, dee@example.io.');
    assert.deepEqual(r.emails, ['ana@example.com', 'ben@example.org', 'cy@example.net', 'dee@example.io']);
  });

  it('drops case-insensitive duplicates and reports them', () => {
    const r = parseEmailList('Ana@Example.com ana@example.com ben@example.org ANA@EXAMPLE.COM');
    assert.deepEqual(r.emails, ['Ana@Example.com', 'ben@example.org']);
    assert.deepEqual(r.duplicates, ['ana@example.com', 'ANA@EXAMPLE.COM']);
  });

  it('lists what is not an address', () => {
    const r = parseEmailList('ana@example.com, bob, carl@, @x.com, d@e, eve@example..com');
    assert.deepEqual(r.emails, ['ana@example.com']);
    assert.deepEqual(r.invalid, ['bob', 'carl@', '@x.com', 'd@e', 'eve@example..com']);
  });

  it('says which entries are not addresses in German word for word, "and N more" too', () => {
    const de = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'l10n', 'bundle.l10n.de.json'), 'utf8')) as Record<string, string>;
    l10n.config({ contents: de });
    try {
      assert.equal(emailListProblem('ana@example.com bob'), 'Keine E-Mail-Adresse: bob');
      assert.equal(emailListProblem('a b c d e f g'), 'Keine E-Mail-Adressen: a, b, c, d, e und 2 weitere');
    } finally {
      l10n.config({ contents: {} });
    }
  });

  it('validates the input box: empty, invalid entries, too many', () => {
    assert.match(emailListProblem('')!, /one or more email/);
    assert.match(emailListProblem('  , ;')!, /at least one/);
    assert.match(emailListProblem('ana@example.com bob')!, /^Not an email address: bob$/);
    assert.equal(emailListProblem('a b c d e f g'), 'Not email addresses: a, b, c, d, e and 2 more');
    assert.equal(emailListProblem('a b'), 'Not email addresses: a, b');
    const many = Array.from({ length: 101 }, (_, i) => `u${i}@example.com`).join(',');
    assert.match(emailListProblem(many)!, /At most 100/);
    assert.equal(emailListProblem('ana@example.com, ben@example.org'), undefined);
  });

  it('single email for sharing', () => {
    assert.equal(singleEmailProblem(' guest@example.com '), undefined);
    assert.equal(singleEmailProblem('guest@')!, 'Not an email address: guest@');
    assert.equal(singleEmailProblem('guest@'), emailListProblem('guest@'), 'one wording for a list and a single address');
    assert.match(singleEmailProblem('')!, /Enter/);
  });

  it('property: every generated address survives any separators', () => {
    const local = fc.stringMatching(/^[a-z0-9][a-z0-9._+-]{0,10}[a-z0-9]$/).filter((s) => !s.includes('..'));
    const domain = fc.stringMatching(/^[a-z0-9]{1,10}\.[a-z]{2,6}$/);
    const email = fc.tuple(local, domain).map(([l, d]) => `${l}@${d}`);
    const sep = fc.constantFrom(',', ', ', ';', ' ', '\n', ' ,\t');
    fc.assert(
      fc.property(fc.uniqueArray(email, { minLength: 1, maxLength: 20, selector: (e) => e.toLowerCase() }), fc.array(sep, { minLength: 20, maxLength: 20 }), (list, seps) => {
        const text = list.map((e, i) => e + seps[i]).join('');
        const r = parseEmailList(text);
        assert.deepEqual(r.emails, list);
        assert.deepEqual(r.invalid, []);
        assert.ok(list.every(isEmailAddress));
      }),
    );
  });
});

describe('commands: who Invite Members leaves out', () => {
  it('names one or two (walk 42: "1 already in or invited" did not say who), counts more, nothing for none', () => {
    assert.equal(skippedText(['alice@acme.example']), 'alice@acme.example');
    assert.equal(skippedText(['alice@acme.example', 'bob@acme.example']), 'alice@acme.example and bob@acme.example');
    assert.equal(skippedText(['a@x.example', 'b@x.example', 'c@x.example']), '3');
    assert.equal(skippedText([]), undefined);
  });
});

describe('commands: key names', () => {
  it('1..64 characters', () => {
    assert.match(keyNameProblem('')!, /Enter a name/);
    assert.match(keyNameProblem('   ')!, /Enter a name/);
    assert.equal(keyNameProblem('x'.repeat(64)), undefined);
    assert.match(keyNameProblem('x'.repeat(65))!, /At most 64 characters \(65 now\)/);
  });
});

describe('commands: only admin', () => {
  const members = [
    { id: 'a', role: 'admin', email: 'you@example.com' },
    { id: 'b', role: 'member', email: 'bob@example.com' },
  ];
  it('refuses removing or demoting the only admin, before any request', () => {
    assert.match(onlyAdminProblem(members, 'a', 'remove', 'Acme')!, /you@example.com is the only admin of Acme and cannot be removed/);
    assert.match(onlyAdminProblem(members, 'a', 'demote', 'Acme')!, /cannot become a member/);
  });
  it('allows it when there is another admin, and for members', () => {
    assert.equal(onlyAdminProblem([...members, { id: 'c', role: 'admin' }], 'a', 'remove', 'Acme'), undefined);
    assert.equal(onlyAdminProblem(members, 'b', 'remove', 'Acme'), undefined);
    assert.equal(onlyAdminProblem(members, 'zzz', 'remove', 'Acme'), undefined);
  });
});

describe('commands: console URLs', () => {
  it('org, project and branch pages under the configured console', () => {
    assert.equal(consoleUrl('https://console.neon.tech', { orgId: 'org-ocean-art-12345678' }), 'https://console.neon.tech/app/org-ocean-art-12345678/projects');
    assert.equal(consoleUrl('https://console.neon.tech/', { projectId: 'hidden-cell-763301' }), 'https://console.neon.tech/app/projects/hidden-cell-763301');
    assert.equal(
      consoleUrl('http://localhost:3000//', { projectId: 'hidden-cell-763301', branchId: 'br-a-1' }),
      'http://localhost:3000/app/projects/hidden-cell-763301/branches/br-a-1',
    );
    assert.equal(consoleUrl('https://console.neon.tech', { orgId: 'org-ocean-art-12345678', page: 'people' }), 'https://console.neon.tech/app/org-ocean-art-12345678/people');
    assert.equal(consoleUrl('', { projectId: 'p' }), 'https://console.neon.tech/app/projects/p');
    assert.equal(consoleUrl('javascript:alert(1)', { projectId: 'p' }), 'https://console.neon.tech/app/projects/p');
  });
});

describe('commands: batching', () => {
  it('batches of at most 400 preserving order', () => {
    const ids = Array.from({ length: 1001 }, (_, i) => `p${i}`);
    const bs = batches(ids);
    assert.deepEqual(bs.map((b) => b.length), [400, 400, 201]);
    assert.deepEqual(bs.flat(), ids);
    assert.deepEqual(batches([]), []);
    assert.throws(() => batches([1], 0));
  });
  it('property: flat(batches) = input and every batch is within size', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { maxLength: 2000 }), fc.integer({ min: 1, max: 400 }), (xs, n) => {
        const bs = batches(xs, n);
        assert.deepEqual(bs.flat(), xs);
        assert.ok(bs.every((b) => b.length >= 1 && b.length <= n));
        assert.equal(bs.length, Math.ceil(xs.length / n));
      }),
    );
  });
});

describe('commands: 406 limit explanations', () => {
  it('names the limit, the expected and the actual value', () => {
    assert.equal(explainLimit({ name: 'projects_count', expected: '100', actual: '140' }), 'number of projects (projects_count): the destination allows 100, the transfer would make it 140');
    assert.match(explainLimit({ name: 'subscription_type', expected: 'scale', actual: 'launch' }), /need at least the "scale" plan, the destination has "launch"/);
    assert.equal(explainLimit({ name: 'weird_thing', expected: 1, actual: 2 }), 'weird thing (weird_thing): expected 1, actual 2');
    assert.match(explainLimits([]), /too many projects or its plan is incompatible/);
    assert.match(explainLimits([{ name: 'projects_count', expected: '1', actual: '3' }, { name: 'subscription_type', expected: 'launch', actual: 'free_v3' }]), /; plan/);
  });
});

describe('commands: suggested names are free', () => {
  it('the base name when nobody uses it, else the first free -2, -3… (case-insensitive)', () => {
    assert.equal(freeName('ci-deploy', ['preview-bot']), 'ci-deploy');
    assert.equal(freeName('ci-deploy', ['CI-Deploy', 'ci-deploy-2']), 'ci-deploy-3');
    assert.equal(freeName('app_user', ['app_user', 'neondb_owner'], '_'), 'app_user_2');
  });
});

describe('commands: the invitation result', () => {
  it('the role agrees with the number invited (walk 32: "Invited 2 people to Acme Inc as member")', () => {
    assert.equal(invitedHeadline('Acme Inc', 'member', 2, 2, ''), 'Invited 2 people to Acme Inc as members.');
    assert.equal(invitedHeadline('Acme Inc', 'admin', 3, 3, ''), 'Invited 3 people to Acme Inc as admins.');
    assert.equal(invitedHeadline('Acme Inc', 'member', 1, 1, ''), 'Invited 1 person to Acme Inc as a member.');
    assert.equal(invitedHeadline('Acme Inc', 'admin', 1, 1, ''), 'Invited 1 person to Acme Inc as an admin.');
    assert.equal(invitedHeadline('Acme Inc', 'member', 2, 3, 'x@y.example (already invited)'), 'Invited 2 of 3 to Acme Inc as members. Not invited: x@y.example (already invited).');
    assert.equal(invitedHeadline('Acme Inc', 'admin', 1, 2, 'x@y.example (already a member)'), 'Invited 1 of 2 to Acme Inc as an admin. Not invited: x@y.example (already a member).');
  });

  it('none invited (all refused): says nobody was, not "Invited 0 of 2"', () => {
    assert.equal(invitedHeadline('Acme Inc', 'member', 0, 2, 'a@x.example (refused: no)'), 'Nobody was invited to Acme Inc: a@x.example (refused: no).');
  });
});
