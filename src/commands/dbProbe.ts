// What Test Connection, Open psql and the .env check share: the direct connection string of a
// target from the API (registered with the redactor on arrival, held in memory only), and one
// probe whose failure becomes a sentence with the buttons that help.
import * as vscode from 'vscode';
import { isNeonApiError } from '../api';
import { probe, type ProbeResult } from '../db/connect';
import { parseConnectionSpec, type ConnectionSpec } from '../db/config';
import { classifyConnectError, type ConnectFailure } from '../db/errors';
import type { Services } from '../services';
import type { RoleRef } from '../tree/refs';
import { registerUri } from '../util/redact';
import type { ConnectionTarget } from './connection';
import { ActionableError, type FailureAction } from './failure';
import { resetPasswordAction } from './resetPasswordAction';

const RETRY = vscode.l10n.t('Retry');

/** The buttons that help with a failure: Reset Password… for a refused password, Retry when waiting may help. */
function failureActions(f: ConnectFailure, role: RoleRef, retry: () => unknown): FailureAction[] {
  return [...(f.kind === 'password' ? resetPasswordAction(role) : []), ...(f.retryable ? [{ label: RETRY, run: retry }] : [])];
}

/**
 * The direct (unpooled) connection string of a target from the API, parsed. A project that does
 * not store passwords (412) has none to give: resetting the password makes one.
 */
export async function directSpec(s: Services, t: ConnectionTarget, signal?: AbortSignal): Promise<ConnectionSpec> {
  const client = await s.clients.get(t.role.accountId);
  let uri: string;
  try {
    uri = await client.getConnectionUri({ projectId: t.role.projectId, branchId: t.role.branchId, databaseName: t.databaseName, roleName: t.role.roleName, pooled: false, signal });
  } catch (e) {
    if (isNeonApiError(e) && e.status === 412) {
      throw new ActionableError(
        vscode.l10n.t('Neon does not store the password of role {0} (password storage is off for this project), so there is none to connect with. Reset the password to get a new one.', t.role.roleName),
        resetPasswordAction(t.role),
      );
    }
    throw e;
  }
  registerUri(uri);
  return parseConnectionSpec(uri, 'direct');
}

/** The compute's state as the API last said: 'idle' (suspended), 'active', 'init', or 'disabled'. */
export function computeState(t: ConnectionTarget): string | undefined {
  const ep = t.endpoint;
  if (!ep) return undefined;
  return ep.disabled ? 'disabled' : ep.current_state ?? undefined;
}

export function assertComputeEnabled(t: ConnectionTarget): void {
  if (computeState(t) === 'disabled') {
    throw new Error(vscode.l10n.t('The compute of branch {0} is disabled, so it accepts no connections. Enable it in the Neon Console', t.role.branchName));
  }
}

/**
 * Probes a spec; a failure becomes an ActionableError: the sentence and its buttons. Without a
 * target (a .env edited by hand: its Neon branch is unknown) the sentence names no branch and
 * offers no branch's action.
 */
export async function probeOrExplain(
  spec: ConnectionSpec,
  t: ConnectionTarget | undefined,
  opts: { signal?: AbortSignal; applicationName?: string; retry: () => unknown },
): Promise<ProbeResult> {
  try {
    return await probe(spec, { signal: opts.signal, applicationName: opts.applicationName });
  } catch (e) {
    if (opts.signal?.aborted) throw e;
    const f = classifyConnectError(e, {
      role: t?.role.roleName ?? spec.user,
      database: t?.databaseName ?? spec.database,
      host: spec.host,
      port: spec.port,
      ...(t ? { where: vscode.l10n.t('branch {0}', t.role.branchName), computeState: computeState(t) } : {}),
      sslmode: spec.sslmode,
      secrets: [spec.password],
    });
    throw new ActionableError(f.sentence, t ? failureActions(f, t.role, opts.retry) : f.retryable ? [{ label: RETRY, run: opts.retry }] : []);
  }
}

export function ms(n: number): string {
  return n < 10 ? `${n.toFixed(1)} ms` : `${Math.round(n)} ms`;
}
