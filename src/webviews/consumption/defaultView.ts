import type { ViewState } from './messages';

/** What a new consumption panel shows: the last 30 days, the total, projects by total. */
export const DEFAULT_VIEW: ViewState = {
  range: { kind: 'preset', preset: '30d' },
  mode: 'total',
  sort: { key: 'total', dir: 'desc' },
};
