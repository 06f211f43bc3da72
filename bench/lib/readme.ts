// Rewrites the README's Performance table between two marker comments, leaving the prose
// around it (the explanations of flagged rows) as the author wrote it.
export const START = '<!-- bench:start -->';
export const END = '<!-- bench:end -->';

export function replaceBetweenMarkers(readme: string, body: string): string {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < 0 || b < a) throw new Error(`README.md needs the markers ${START} and ${END} (in that order) around the Performance table`);
  return `${readme.slice(0, a + START.length)}\n${body.trim()}\n${readme.slice(b)}`;
}
