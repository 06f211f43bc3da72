// Pickers only the rarely used commands need (transfers, members, invitations, Clean Up): kept
// apart from pickers.ts, which the main bundle holds, so they load with those commands.
import type { Services } from '../services';
import type { Project } from '../api';
import type { PickItem } from '../ui/prompt';
import type { OrgRole, ProjectRef } from '../tree/refs';
import { PickCancelled, projectRef, required } from './pickers';
import * as l10n from '@vscode/l10n';

/**
 * OK in a multi-select with nothing ticked: a cancel (the seam logs it so), said in a word so
 * the closed list is not read as done.
 */
export function noneTicked(s: Services, what: string, message: string): PickCancelled {
  void s.prompt.message('info', message, {});
  return new PickCancelled(what);
}

type ProjectChoices = ReadonlyArray<{ project: Project; accountId: string; orgId?: string; description?: string }>;

/** Multi-select of projects, from a list the caller loaded (e.g. transferable projects). */
export async function pickProjects(
  s: Services,
  projects: ProjectChoices | Promise<ProjectChoices>,
  /** `ticked`: the ids ticked when it opens (a pick asked again). */
  opts: { title: string; placeHolder?: string; ticked?: ReadonlySet<string> },
): Promise<ProjectRef[]> {
  const toItems = (ps: ProjectChoices) =>
    ps.map<PickItem<ProjectRef>>((x) => ({
      label: x.project.name,
      description: x.description ?? x.project.id,
      value: projectRef(x.accountId, x.project, x.orgId),
      ...(opts.ticked ? { picked: opts.ticked.has(x.project.id) } : {}),
    }));
  // A list already read opens the picker full; a promise opens it while the list loads.
  const items = Array.isArray(projects) ? toItems(projects) : (projects as Promise<ProjectChoices>).then(toItems);
  const picked = required(await s.prompt.pickMany(items, { title: opts.title, placeHolder: opts.placeHolder ?? l10n.t('Choose projects'), matchOnDescription: true }), 'projects');
  return picked.map((i) => i.value);
}

/** Least privilege first: "member" is what Enter picks. */
export const ORG_ROLES: readonly OrgRole[] = ['member', 'admin'];

/**
 * Quick pick of member | admin (member first, so a hurried Enter grants the least). `step` when
 * the role is a step of a longer dialog: its Back button, and the role chosen before it.
 */
export async function pickOrgRole(s: Services, title: string, current?: OrgRole, step?: { back: boolean; earlier?: OrgRole }): Promise<OrgRole> {
  const items: PickItem<OrgRole>[] = ORG_ROLES.map((r) => ({
    label: r,
    description: r === current ? l10n.t('current') : undefined,
    detail: r === 'admin' ? l10n.t('Manages members, invitations, API keys, billing; can delete any project') : l10n.t('Works on every project of the organization'),
    value: r,
    // Active at first: the role chosen before Back, else the current one (Enter then changes nothing).
    picked: r === (step?.earlier ?? current),
  }));
  return required(await s.prompt.pick(items, { title, placeHolder: l10n.t('Choose a role'), back: step?.back, showPicked: current !== undefined }), 'role').value;
}

/**
 * Granting admin asks once more, naming who gets it. Throws PickCancelled unless confirmed.
 * `button` is the verb on the button, e.g. "Make Admin" or "Invite as Admins".
 */
export async function confirmAdmin(s: Services, who: readonly string[], orgName: string, question: string, button: string): Promise<void> {
  const names = who.length <= 5 ? who.join(', ') : l10n.t('{0} and {1} more', who.slice(0, 5).join(', '), who.length - 5);
  const choice = await s.prompt.message(
    'warning',
    question,
    { modal: true, detail: l10n.t('{0} will manage the members, invitations, API keys and billing of {1}, and can delete any of its projects.', names, orgName) },
    button,
  );
  if (choice !== button) throw new PickCancelled(l10n.t('admin confirmation'));
}

