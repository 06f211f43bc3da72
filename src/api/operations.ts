/** Polling Neon operations until they end. */
import { NeonApiError, cancelledError } from './errors';
import { sleep } from './sleep';
import type { Operation } from './schemas/common';
import * as l10n from '@vscode/l10n';

export const OPERATION_SUCCESS = new Set(['finished', 'skipped']);
export const OPERATION_FAILURE = new Set(['failed', 'error', 'cancelled']);

export function isOperationDone(op: Pick<Operation, 'status'>): boolean {
  return OPERATION_SUCCESS.has(op.status) || OPERATION_FAILURE.has(op.status);
}
export function isOperationFailed(op: Pick<Operation, 'status'>): boolean {
  return OPERATION_FAILURE.has(op.status);
}

export interface WaitForOperationsOptions {
  signal?: AbortSignal;
  /** First poll delay; doubles up to maxIntervalMs (default 500 → 5000). */
  initialIntervalMs?: number;
  maxIntervalMs?: number;
  /** Give up after this long (default 300000). */
  timeoutMs?: number;
  /** Called with each operation whenever its status is read. */
  onProgress?: (op: Operation) => void;
}

/**
 * Poll every pending operation (ids or objects) until it is finished/skipped. Throws NeonApiError
 * kind 'operationFailed' on failed/error/cancelled, 'timeout' when timeoutMs passes, 'cancelled'
 * when the signal fires. Returns the final operations in the order given.
 */
export async function waitForOperations(
  getOperation: (operationId: string, signal?: AbortSignal) => Promise<Operation>,
  operations: ReadonlyArray<Operation | string>,
  opts: WaitForOperationsOptions = {},
): Promise<Operation[]> {
  const { signal } = opts;
  const route = '/projects/{project_id}/operations/{operation_id}';
  const initial = opts.initialIntervalMs ?? 500;
  const maxInterval = opts.maxIntervalMs ?? 5000;
  const deadline = Date.now() + (opts.timeoutMs ?? 300_000);

  const results: Array<Operation | undefined> = operations.map((o) => (typeof o === 'string' ? undefined : o));
  const ids = operations.map((o) => (typeof o === 'string' ? o : o.id));

  const check = (op: Operation) => {
    if (isOperationFailed(op)) {
      throw new NeonApiError({
        kind: 'operationFailed',
        message: l10n.t('Operation {0} ({1}) ended with status "{2}"{3}', op.id, op.action, op.status, op.error ? `: ${op.error}` : ''),
        method: 'GET',
        path: route,
        operationId: op.id,
      });
    }
  };
  for (const op of results) if (op) check(op);

  let interval = initial;
  let first = true;
  for (;;) {
    if (signal?.aborted) throw cancelledError('GET', route);
    const pending = ids.map((id, i) => ({ id, i })).filter(({ i }) => !results[i] || !isOperationDone(results[i]!));
    if (pending.length === 0) return results as Operation[];
    if (!first) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new NeonApiError({
          kind: 'timeout',
          message: l10n.t('Operations still pending after {0} ms: {1}', opts.timeoutMs ?? 300_000, pending.map((p) => p.id).join(', ')),
          method: 'GET',
          path: route,
          timeoutMs: opts.timeoutMs ?? 300_000,
        });
      }
      await sleep(Math.min(interval, remaining), signal, () => cancelledError('GET', route));
      interval = Math.min(maxInterval, interval * 2);
    }
    first = false;
    // Poll pending ones that we have no fresh status for (ids given as strings poll immediately).
    const polled = await Promise.all(pending.map(({ id }) => getOperation(id, signal)));
    polled.forEach((op, k) => {
      results[pending[k]!.i] = op;
      opts.onProgress?.(op);
      check(op);
    });
  }
}
