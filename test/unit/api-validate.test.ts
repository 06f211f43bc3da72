// Reporting a response that does not match its schema: the field and what was expected, never the value.
import assert from 'node:assert/strict';
import * as z from 'zod/mini';
import { describeIssue, formatIssuePath } from '../../src/api/validate';

describe('api: describing a schema mismatch', () => {
  const schema = z.looseObject({ id: z.string(), projects: z.array(z.looseObject({ id: z.string() })), kind: z.literal('a') });
  const issues = (v: unknown) => schema.safeParse(v).error!.issues.map((i) => `${formatIssuePath(i.path)}: ${describeIssue(i)}`);

  it('names the field and the expected type, not the value that came', () => {
    const got = issues({ id: 'napi_secretvalue123', projects: [{ id: 42 }], kind: 'b' });
    assert.deepEqual(got, ['projects[0].id: expected string, missing or of another type', 'kind: has a value that is not allowed']);
    assert.ok(!got.join(' ').includes('42'));
  });

  it('a missing field reads the same way', () => {
    assert.deepEqual(issues({ projects: [], kind: 'a' }), ['id: expected string, missing or of another type']);
  });
});
