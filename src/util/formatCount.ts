/**
 * A count as the tree writes it: en-US grouping ("2,497"), whatever the display language, so a
 * number reads the same in a tree row and in a message about it.
 */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
