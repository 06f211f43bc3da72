import type { CommandSpec } from './registry';

/** Every command of the extension, gathered from the feature modules. */
export function allCommands(): CommandSpec[] {
  return [];
}
