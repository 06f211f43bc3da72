// Async work: every mutation records operations that stay running for `operationMs`. Their
// status is derived from the clock when read, so no timers are left behind on close().
import type { EmulatorConfig } from './config';
import { ApiError } from './errors';
import type { Operation, Project, State } from './model';

export interface OpSpec {
  action: string;
  branchId?: string;
  endpointId?: string;
}

export function startOps(s: State, cfg: EmulatorConfig, p: Project, specs: OpSpec[]): Operation[] {
  const finishAt = Date.now() + cfg.operationMs;
  const ops: Operation[] = specs.map((sp) => ({ id: s.uuid(), projectId: p.id, ...sp, createdMicros: s.micros(), finishAt }));
  if (cfg.operationFailRate > 0 && ops.length && s.rand() < cfg.operationFailRate) ops[ops.length - 1].failWith = 'failed';
  s.detail(p).operations.push(...ops);
  return ops;
}

export function opStatus(op: Operation, now = Date.now()): string {
  if (now >= op.finishAt) return op.failWith ?? 'finished';
  return op.action === 'start_compute' || op.action === 'suspend_compute' ? 'scheduling' : 'running';
}

/** 423 Locked while an operation on the branch is still running (the real API does the same). */
export function assertUnlocked(s: State, p: Project, branchId: string): void {
  const now = Date.now();
  for (let i = s.detail(p).operations.length - 1; i >= 0; i--) {
    const op = s.detail(p).operations[i];
    if (op.branchId === branchId && now < op.finishAt) {
      throw new ApiError(423, `project already has running conflicting operations, scheduling of new ones is prohibited`);
    }
  }
}

/** ISO timestamp with microseconds, the operation list cursor format. */
export function microsIso(us: number): string {
  const ms = Math.floor(us / 1000);
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, `.${String(us % 1_000_000).padStart(6, '0')}Z`);
}

export function parseMicrosIso(s: string): number | undefined {
  const m = /^(.*T\d\d:\d\d:\d\d)\.(\d{6})Z$/.exec(s);
  if (!m) return undefined;
  const sec = Date.parse(`${m[1]}Z`);
  return Number.isNaN(sec) ? undefined : sec * 1000 + Number(m[2]);
}
