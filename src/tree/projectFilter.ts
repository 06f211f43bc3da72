// "Filter Projects…" over a list the host holds completely: the same match Neon's `search` makes
// (a part of the name, any case, or of the id), with no request, so a change of the filter text
// shows at once. A partly loaded list is still searched by Neon (it knows the projects not loaded).
import type { Project } from '../api';

export function matchesProjectFilter(p: Pick<Project, 'id' | 'name'>, text: string): boolean {
  const t = text.toLowerCase();
  return p.name.toLowerCase().includes(t) || p.id.toLowerCase().includes(t);
}

export function filterProjects<P extends Pick<Project, 'id' | 'name'>>(list: readonly P[], text: string | undefined): P[] {
  return text ? list.filter((p) => matchesProjectFilter(p, text)) : [...list];
}
