// Ways to start the emulator: seeds (small, empty, file, scale), the CLI, and the handle it returns.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmulator } from '../../emulator/index';
import { call, control } from './emulator-helpers';

describe('emulator startup', function () {
  this.timeout(20000);

  it('returns url, port, controlUrl, apiKey and live state; the main user administers the first org', async () => {
    const em = await startEmulator({ apiKey: 'napi_given' });
    try {
      assert.equal(em.apiKey, 'napi_given');
      assert.equal(em.url, `http://127.0.0.1:${em.port}/api/v2`);
      assert.equal(em.controlUrl, `http://127.0.0.1:${em.port}/__control`);
      const orgs = (await call(em, 'GET', '/users/me/organizations')).body.organizations;
      assert.deepEqual(orgs.map((o: any) => o.name), ['Acme Inc', 'Side Project', 'Data Team']);
      const roles = [...em.state.members.values()].filter((m) => m.userId === em.state.mainUserId).map((m) => m.role);
      assert.deepEqual(roles, ['admin', 'member', 'member']);
      assert.equal((await call(em, 'GET', '/users/me')).body.email, 'you@example.com');
    } finally {
      await em.close();
    }
  });

  it('generates a key when none is given, and seeds an empty account', async () => {
    const em = await startEmulator({ seed: 'empty' });
    try {
      assert.match(em.apiKey, /^napi_[a-z0-9]{64}$/);
      const orgs = (await call(em, 'GET', '/users/me/organizations')).body.organizations;
      assert.equal(orgs.length, 1);
      assert.deepEqual((await call(em, 'GET', `/projects?org_id=${orgs[0].id}`)).body, { projects: [], applications: {}, integrations: {} });
    } finally {
      await em.close();
    }
  });

  it('reads a JSON seed file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'emu-seed-'));
    const file = path.join(dir, 'seed.json');
    writeFileSync(file, JSON.stringify({
      users: [{ email: 'me@corp.example', name: 'Me' }, { email: 'peer@corp.example' }],
      orgs: [{ id: 'org-corp-00000001', name: 'Corp', plan: 'scale', members: [{ email: 'me@corp.example', role: 'admin' }, { email: 'peer@corp.example', role: 'member' }] }],
      projects: [{ id: 'corp-db-00000001', name: 'corp-db', org: 'Corp', branches: 3, integrations: ['vercel'] }],
      keys: [{ kind: 'org', token: 'napi_corp_org', org: 'Corp' }],
    }));
    const em = await startEmulator({ seed: file, apiKey: 'napi_me' });
    try {
      assert.equal((await call(em, 'GET', '/users/me')).body.email, 'me@corp.example');
      const projects = (await call(em, 'GET', '/projects', { key: 'napi_corp_org' })).body;
      assert.deepEqual(projects.projects.map((p: any) => p.id), ['corp-db-00000001']);
      assert.deepEqual(projects.integrations, { 'corp-db-00000001': ['vercel'] });
      assert.equal((await call(em, 'GET', '/projects/corp-db-00000001/branches')).body.branches.length, 3);
    } finally {
      await em.close();
    }
  });

  it('mints canary keys of every kind through the control API', async () => {
    const em = await startEmulator({});
    try {
      const personal = await control(em, 'POST', '/keys', { kind: 'personal', token: 'napi_canary_1' });
      assert.equal(personal.token, 'napi_canary_1');
      assert.equal((await call(em, 'GET', '/users/me', { key: 'napi_canary_1' })).status, 200);
      const stranger = await control(em, 'POST', '/keys', { kind: 'personal', email: 'nobody@example.com' });
      assert.deepEqual((await call(em, 'GET', '/users/me/organizations', { key: stranger.token })).body, { organizations: [] });
      const org = await control(em, 'POST', '/keys', { kind: 'org' });
      assert.equal((await call(em, 'GET', '/auth', { key: org.token })).body.auth_method, 'api_key_org');
      await assert.rejects(control(em, 'POST', '/keys', { kind: 'project', projectId: 'nope-nope-1' }));
      await assert.rejects(control(em, 'POST', '/keys', { kind: 'weird' }));
    } finally {
      await em.close();
    }
  });

  it('runs as a CLI that prints where it listens and stops cleanly on SIGTERM', async () => {
    // Plain node with tsx's loader: tsx's own CLI relays SIGTERM and SIGKILLs a child that has not
    // acknowledged it within 30 ms, which a loaded machine turns into a random exit 143.
    const child = spawn(process.execPath, ['--import', 'tsx', 'emulator/cli.ts', '--port', '0', '--api-key', 'napi_cli', '--latency-ms', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+\/api\/v2)/.exec(out);
        if (m) resolve(m[1]);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    const res = await fetch(`${url}/users/me`, { headers: { Authorization: 'Bearer napi_cli' } });
    assert.equal(res.status, 200);
    const code = await new Promise<number | null>((resolve) => {
      child.removeAllListeners('exit');
      child.on('exit', (c) => resolve(c));
      child.kill('SIGTERM');
    });
    assert.equal(code, 0);
  });
});
