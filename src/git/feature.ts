// The git-branch feature's parts, built once in activate() and reached by its commands.
import type * as vscode from 'vscode';
import type { Services } from '../services';
import { afterWindowStart } from '../afterWindowStart';
import { NeonStatusBar } from '../statusBar/neonStatus';
import { GitAutopilot } from './autopilot';
import { LinkStore } from './links';

export interface GitFeature {
  readonly links: LinkStore;
  readonly autopilot: GitAutopilot;
  readonly statusBar: NeonStatusBar;
}

let current: GitFeature | undefined;

export function startGitFeature(s: Services): GitFeature & vscode.Disposable {
  const links = new LinkStore(s.context.workspaceState);
  const autopilot = new GitAutopilot(s, links);
  const statusBar = new NeonStatusBar(links, autopilot, s.accounts);
  // Not during activate() (asking for, and maybe activating, the git extension is no part of it),
  // nor while the window starts (see afterWindowStart).
  const starting = afterWindowStart(() => {
    statusBar.start();
    void autopilot.start();
  });
  const feature = {
    links,
    autopilot,
    statusBar,
    dispose() {
      starting.dispose();
      statusBar.dispose();
      autopilot.dispose();
      links.dispose();
      if (current === feature) current = undefined;
    },
  };
  current = feature;
  return feature;
}

export function gitFeature(): GitFeature {
  // A code: it passes, so Retry is offered (see isRefusal).
  if (!current) throw Object.assign(new Error('Neon Explorer is still starting; try again in a moment'), { code: 'STARTING' });
  return current;
}
