// A connection Neon Explorer saves into a linked folder's .env (Save to .env, a role's new
// password) is a switch too: recorded as a manual one (Switch .env to Another Neon Branch…), so the
// status bar names its branch and its menu acts on it, instead of "?" beside the branch written
// before. Rarely reached, so it lives in dist/rarelyUsed.js.
import * as path from 'node:path';
import type { Services } from '../services';
import { linkedFolders } from '../statusBar/neonStatus';
import type { BranchPlace } from '../tree/refs';
import { isDefaultBranch } from '../util/defaultBranch';
import { gitFeature } from './feature';
import { envDatabaseUrl, envFileFor } from './links';
import { endpointIdOfUri, stillWritten, urlDigest } from './mapping';
import { readNeonFile } from './neonFile';
import { recordPointer } from './switchEnv';

/** After `written` went into `file`: every linked folder of the branch's project whose .env that is now points at the branch. */
export async function recordSavedConnection(s: Services, file: string, written: Readonly<Record<string, string>>, place: BranchPlace): Promise<void> {
  const { links, autopilot } = gitFeature();
  for (const folder of await linkedFolders(autopilot)) {
    const settings = links.settings(folder);
    if (envFileFor(folder, settings) !== path.resolve(file)) continue;
    const ctx = await readNeonFile(folder).catch(() => undefined);
    const { key, url } = await envDatabaseUrl(folder, settings);
    // Another project's branch, or saved under another variable name: the .env connects as before.
    if (!ctx || ctx.projectId !== place.projectId || !url || written[key] !== url) continue;
    const pointer = links.pointer(folder);
    // The same URL as before (saved again): nothing to record. Another one of the same branch (a
    // new password, another role) is recorded, so that it does not count as an edit by hand.
    const sameBranch = !!pointer && !pointer.deletedAt && pointer.branchId === place.branchId;
    if (sameBranch && stillWritten(pointer, url)) continue;
    const endpointId = endpointIdOfUri(url);
    const branch = await (await s.clients.get(place.accountId)).getBranch(place.projectId, place.branchId);
    s.log.info(`git: ${file} now connects to Neon branch ${branch.name} (saved to it); recorded as a switch`);
    await recordPointer(s, links, folder, ctx, {
      projectId: place.projectId, branchId: branch.id, branchName: branch.name, isDefault: isDefaultBranch(branch), isProtected: !!branch.protected, ...(branch.parent_id ? {} : { isRoot: true }),
      ...(endpointId ? { endpointId } : {}), urlDigest: urlDigest(url),
      // The same branch for the git branch it was switched for: still that git branch's, not a choice by hand.
      ...(sameBranch && pointer.gitBranch ? { gitBranch: pointer.gitBranch } : {}), at: new Date().toISOString(),
    });
  }
}
