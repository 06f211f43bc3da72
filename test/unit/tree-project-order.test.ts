// The order of project rows (src/tree/projectFilter.ts): by name, numbers in numeric order, any
// case; each project once; a filter keeps that order; a new list (a page came) is ordered again.
import assert from 'node:assert/strict';
import { ProjectFilters, shownProjects } from '../../src/tree/projectFilter';

const p = (id: string, name: string) => ({ id, name });

describe('tree: project rows by name', () => {
  it('orders by name (any case, numbers as numbers), then by id; each project once', () => {
    const list = [p('p-3', 'acme-web'), p('p-1', 'jolly-bread'), p('p-2', 'Acme-API'), p('p-5', 'app-10'), p('p-4', 'app-9'), p('p-1', 'jolly-bread'), p('p-0', 'acme-web')];
    assert.deepEqual(
      shownProjects(list).map((x) => `${x.name}/${x.id}`),
      ['Acme-API/p-2', 'acme-web/p-0', 'acme-web/p-3', 'app-9/p-4', 'app-10/p-5', 'jolly-bread/p-1'],
    );
  });

  it('a filter keeps the order and matches a part of the name or id in any case', () => {
    const list = [p('p-9', 'zeta-web'), p('p-8', 'alpha-WEB'), p('p-web', 'beta'), p('p-7', 'gamma')];
    assert.deepEqual(shownProjects(list, 'web').map((x) => x.name), ['alpha-WEB', 'beta', 'zeta-web']);
    // The same list without the filter again: every row, not the filtered ones kept from before.
    assert.deepEqual(shownProjects(list).map((x) => x.name), ['alpha-WEB', 'beta', 'gamma', 'zeta-web']);
  });

  it('a list with a page more is ordered with the new rows among the old', () => {
    const first = [p('p-2', 'm'), p('p-1', 'c')];
    assert.deepEqual(shownProjects(first).map((x) => x.name), ['c', 'm']);
    const more = first.concat([p('p-3', 'a'), p('p-4', 'x')]);
    assert.deepEqual(shownProjects(more).map((x) => x.name), ['a', 'c', 'm', 'x']);
  });
});

describe('tree: the project filters say whether any is set (the palette offers Clear Project Filter then)', () => {
  it('tells each change: set, a delete that leaves one, the last delete, a delete of none, clear', () => {
    const heard: boolean[] = [];
    const f = ProjectFilters.watched((any) => heard.push(any));
    f.set('acct/a/org/1', 'web');
    f.set('acct/a/org/2', 'api');
    f.delete('acct/a/org/1');
    f.delete('acct/a/org/1');
    f.delete('acct/a/org/2');
    f.set('acct/a/org/3', 'x');
    f.clear();
    assert.deepEqual(heard, [true, true, true, false, true, false]);
    assert.equal(f.size, 0);
  });
});
