// Commands and panels few sessions use are bundled apart, in dist/rarelyUsed.js (src/rarelyUsed.ts),
// and loaded on first use, as dist/driver.js is: activation parses less. The modules both bundles
// use stay one instance, in dist/extension.js (see esbuild.js).
export type RarelyUsed = typeof import('./rarelyUsed');

let loaded: RarelyUsed | undefined;

export function rarelyUsed(): RarelyUsed {
  // require, not import(): the host and the unit tests load CommonJS; esbuild leaves it pointing at dist/rarelyUsed.js.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('./rarelyUsed') as RarelyUsed;
  return loaded;
}

/** Whether the bundle has been loaded (nothing of it can be open before). */
export function rarelyUsedLoaded(): boolean {
  return loaded !== undefined;
}
