import { strict as assert } from 'assert';
import { sentNameProblem, typedNameMatches, typedNameProblem } from '../../src/commands/typedName';

describe('typed-name confirmation: the prompt stays visible while the name is being typed', () => {
  const name = 'walk-renamed';

  it('no message while what is typed can still become the name (exact case)', () => {
    for (const typed of ['', 'w', 'walk-renam', 'walk-renamed']) assert.strictEqual(typedNameProblem(name, typed), undefined, typed);
  });

  it('a message once it can no longer become the name', () => {
    assert.strictEqual(typedNameProblem(name, 'walk-renamx'), 'Type "walk-renamed" to confirm');
    assert.strictEqual(typedNameProblem(name, 'walk-renamed!'), 'Type "walk-renamed" to confirm');
    assert.strictEqual(typedNameProblem(name, 'Walk'), 'Type "walk-renamed" to confirm', 'a prefix in other case cannot become the name');
    assert.strictEqual(typedNameProblem(name, 'WALK-RENAMED'), 'Type the name exactly as shown (case matters): walk-renamed');
    assert.strictEqual(typedNameProblem(name, ' walk-renamed'), 'Remove the surrounding spaces');
  });

  it('Enter sends only the whole name or nothing: a prefix is refused then', () => {
    assert.strictEqual(sentNameProblem(name, name), undefined);
    assert.strictEqual(sentNameProblem(name, ''), undefined, 'Enter on the empty box is a cancel');
    assert.strictEqual(sentNameProblem(name, 'walk-renam'), 'Type "walk-renamed" to confirm');
    assert.strictEqual(sentNameProblem(name, 'walk-renamed '), 'Remove the surrounding spaces');
  });

  it('a refusal keeps what will be lost: VS Code shows the message in place of the prompt (walk 29)', () => {
    const detail = 'Branch dev of acme-web: connections that use this role will fail. This workspace connects as walk29_role in .env (DATABASE_URL).';
    assert.strictEqual(sentNameProblem('walk29_role', 'walk29_rol', detail), `Type "walk29_role" to confirm. ${detail}`);
    assert.strictEqual(typedNameProblem('walk29_role', 'walk29_rox', detail), `Type "walk29_role" to confirm. ${detail}`);
    assert.strictEqual(sentNameProblem('walk29_role', 'WALK29_ROLE', detail), `Type the name exactly as shown (case matters): walk29_role. ${detail}`);
    assert.strictEqual(typedNameProblem('walk29_role', 'walk29_r', detail), undefined, 'no message (the prompt shows) while it can still become the name');
  });

  it('an email address confirms typed in any case (walk 42: "guest42@example.com" was refused for "Guest42@Example.com"); names stay exact', () => {
    const email = 'Guest42@Example.com';
    for (const typed of ['g', 'guest42@example', 'guest42@example.com', 'GUEST42@EXAMPLE.COM']) assert.strictEqual(typedNameProblem(email, typed, undefined, true), undefined, typed);
    assert.strictEqual(sentNameProblem(email, 'guest42@example.com', undefined, true), undefined);
    assert.ok(typedNameMatches(email, 'guest42@example.com', true));
    assert.strictEqual(sentNameProblem(email, 'guest42@example.co', undefined, true), 'Type "Guest42@Example.com" to confirm');
    assert.strictEqual(sentNameProblem(email, ' guest42@example.com', undefined, true), 'Remove the surrounding spaces');
    assert.ok(!typedNameMatches(email, 'guest42@example.com'), 'without anyCase the case matters');
    assert.strictEqual(sentNameProblem(email, 'guest42@example.com'), 'Type the name exactly as shown (case matters): Guest42@Example.com');
  });
});
