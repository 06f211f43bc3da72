// "Filter Projects…" over a list the host holds completely: the same match Neon's `search` makes
// (a part of the name, any case, or of the id), with no request, so a change of the filter text
// shows at once. A partly loaded list is still searched by Neon (it knows the projects not loaded).
import type { Project } from '../api';
import { uniqueById } from './levelRequests';

export function matchesProjectFilter(p: Pick<Project, 'id' | 'name'>, text: string): boolean {
  const t = text.toLowerCase();
  return p.name.toLowerCase().includes(t) || p.id.toLowerCase().includes(t);
}

export function filterProjects<P extends Pick<Project, 'id' | 'name'>>(list: readonly P[], text: string | undefined): P[] {
  return text ? list.filter((p) => matchesProjectFilter(p, text)) : [...list];
}

// Made on first use: a collator loads the locale's collation data, which no launch should pay for.
let collator: Intl.Collator | undefined;
// A loader replaces its list when a page comes (never changes it in place): the rows of a list
// and filter are ordered once (25 ms for 10,000 projects), not at every redraw of the organization.
const ordered = new WeakMap<readonly object[], { text: string | undefined; rows: readonly object[] }>();

/**
 * The project rows of a list: each project once, those matching `text`, by name (numbers in names
 * in numeric order, any case), then id. Neon lists projects in no documented order (by id in
 * the emulator), which reads as none: a project created or renamed landed among the others.
 */
export function shownProjects<P extends Pick<Project, 'id' | 'name'>>(list: readonly P[], text?: string): readonly P[] {
  const known = ordered.get(list);
  if (known && known.text === text) return known.rows as readonly P[];
  collator ??= new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
  const c = collator;
  const rows = filterProjects(uniqueById(list), text).sort((a, b) => c.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  ordered.set(list, { text, rows });
  return rows;
}

/**
 * The project filters by organization row id. `changed` hears whether any is set after each change
 * (the palette offers Clear Project Filter only then).
 */
export class ProjectFilters extends Map<string, string> {
  private changed?: (anySet: boolean) => void;

  static watched(changed: (anySet: boolean) => void): ProjectFilters {
    const m = new ProjectFilters();
    m.changed = changed;
    return m;
  }

  override set(key: string, value: string): this {
    super.set(key, value);
    this.changed?.(true);
    return this;
  }

  override delete(key: string): boolean {
    const had = super.delete(key);
    if (had) this.changed?.(this.size > 0);
    return had;
  }

  override clear(): void {
    super.clear();
    this.changed?.(false);
  }
}
