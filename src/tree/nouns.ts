// What a level of the tree holds, as its rows say it ("Couldn't load projects", "400 projects
// shown"). The nodes' childrenNoun stays English for the log; rows show it translated, one whole
// word per case, as the l10n export only finds literal strings.
import * as l10n from '@vscode/l10n';

export function shownNoun(noun: string): string {
  switch (noun) {
    case 'organizations':
      return l10n.t('organizations');
    case 'projects':
      return l10n.t('projects');
    case 'branches':
      return l10n.t('branches');
    case 'roles':
      return l10n.t('roles');
    case 'databases':
      return l10n.t('databases');
    case 'members':
      return l10n.t('members');
    case 'invitations':
      return l10n.t('invitations');
    case 'API keys':
      return l10n.t('API keys');
    default:
      return noun;
  }
}
