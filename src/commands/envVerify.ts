// After a connection was saved to .env (setting `neonExplorer.env.verifyAfterWrite`, on by
// default): read the file back with dotenv, as the application will, and connect with exactly the
// URL it holds. Says "Verified: connected as ROLE to DB on BRANCH" or why not; never undoes the
// write, never throws.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseConnectionSpec, type ConnectionSpec } from '../db/config';
import { loadDriver } from '../db/connect';
import type { Services } from '../services';
import { registerUri } from '../util/redact';
import type { ConnectionTarget } from './connection';
import { ms, probeOrExplain } from './dbProbe';
import { ActionableError, type FailureAction } from './failure';

export type VerifyOutcome = { ok: true; message: string; user: string; database: string } | { ok: false; message: string };

/**
 * `asIs`: the file is checked as it stands (the status bar's Test Connection, "as the .env
 * connects", or a save that found the values already there), not right after a write: the
 * sentences do not say it was written. No `t`: the file
 * was edited by hand, so no branch is named (walk 24: the menu then had no Test Connection).
 */
export async function verifyEnvConnection(s: Services, file: string, variable: string, t: ConnectionTarget | undefined, asIs = false): Promise<VerifyOutcome> {
  const shown = path.basename(file);
  const say = (ok: boolean, text: string, actions: FailureAction[] = []): string => {
    s.log[ok ? 'info' : 'warn'](text);
    const labels = [...actions.map((a) => a.label), ...(ok ? [] : [vscode.l10n.t('Show Log')])];
    void s.prompt.message(ok ? 'info' : 'warning', text, {}, ...labels).then(
      (choice) => {
        const a = actions.find((x) => x.label === choice);
        if (a) return a.run();
        if (choice === vscode.l10n.t('Show Log')) s.log.show();
        return undefined;
      },
      () => undefined,
    );
    return text;
  };
  let value: string | undefined;
  try {
    const { parseDotenv } = await loadDriver();
    value = parseDotenv(await fsp.readFile(file))[variable];
  } catch (e) {
    return { ok: false, message: say(false, asIs ? vscode.l10n.t('Could not read {0}: {1}.', shown, (e as Error).message) : vscode.l10n.t('Wrote {0}, but could not read it back to check it: {1}.', shown, (e as Error).message)) };
  }
  if (!value) return { ok: false, message: say(false, asIs ? vscode.l10n.t('{0} holds no {1}. Check the file.', shown, variable) : vscode.l10n.t('Wrote {0}, but reading it back gives no {1}. Check the file.', shown, variable)) };
  registerUri(value);
  let spec: ConnectionSpec;
  try {
    spec = parseConnectionSpec(value, variable);
  } catch (e) {
    return { ok: false, message: say(false, asIs ? vscode.l10n.t('{0} in {1} is not usable: {2}', variable, shown, (e as Error).message) : vscode.l10n.t('Wrote {0}, but {1} read back from it is not usable: {2}', shown, variable, (e as Error).message)) };
  }
  try {
    const r = await probeOrExplain(spec, t, { applicationName: 'Neon Explorer (.env check)', retry: () => verifyEnvConnection(s, file, variable, t, asIs) });
    const text = t
      ? // The project too: two projects each have a branch main (walk 43).
        vscode.l10n.t('Verified: connected as {0} to {1} on branch {2} of {3} with {4} from {5} ({6}).', r.user, r.database, t.role.branchName, t.role.projectName, variable, shown, ms(r.connectMs + r.queryMs))
      : vscode.l10n.t('Connected as {0} to {1} with {2} from {3} ({4}). Its Neon branch is unknown: the file was edited since Neon Explorer wrote it.', r.user, r.database, variable, shown, ms(r.connectMs + r.queryMs));
    return { ok: true, message: say(true, text), user: r.user, database: r.database };
  } catch (e) {
    const actions = e instanceof ActionableError ? [...e.actions] : [];
    return { ok: false, message: say(false, asIs ? vscode.l10n.t('Connecting with {0} from {1} failed: {2}', variable, shown, (e as Error).message) : vscode.l10n.t('Wrote {0} to {1}, but connecting with it failed: {2}', variable, shown, (e as Error).message), actions) };
  }
}
