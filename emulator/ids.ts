// Deterministic identifiers and secrets: the same seed always yields the same ids, so tests and
// screenshots are stable; runtime-created objects use the state's own PRNG stream.

/** 32-bit FNV-1a hash of a string: seeds PRNGs from ids and time buckets. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: tiny, fast, good enough for fake data. Returns floats in [0, 1). */
export function prng(seed: number | string): () => number {
  let a = typeof seed === 'string' ? hash32(seed) : seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rand = () => number;

export const int = (r: Rand, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
export const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

const ADJ = ['bold', 'hidden', 'shiny', 'winter', 'little', 'patient', 'wild', 'small', 'jolly', 'morning', 'bitter',
  'ocean', 'quiet', 'misty', 'young', 'silent', 'lively', 'cool', 'snowy', 'ancient', 'divine', 'fragrant', 'icy',
  'polished', 'purple', 'restless', 'royal', 'summer', 'twilight', 'withered', 'autumn', 'calm', 'damp', 'dry'];
const NOUN = ['sun', 'cell', 'wind', 'frost', 'smoke', 'cake', 'queen', 'term', 'bread', 'breeze', 'art', 'river',
  'forest', 'leaf', 'moon', 'glade', 'field', 'wave', 'hill', 'star', 'pond', 'dew', 'dust', 'fire', 'flower',
  'grass', 'haze', 'lake', 'meadow', 'night', 'paper', 'rain', 'sea', 'shadow', 'snow', 'sound', 'thunder'];
const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const MIXED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

const words = (r: Rand) => `${pick(r, ADJ)}-${pick(r, NOUN)}`;
const chars = (r: Rand, n: number, set = ALNUM) => {
  let s = '';
  for (let i = 0; i < n; i++) s += set[Math.floor(r() * set.length)];
  return s;
};
const digits = (r: Rand, n: number) => chars(r, n, '0123456789');

/** Real id shapes (neon-api-reference §2). */
export const ids = {
  project: (r: Rand) => `${words(r)}-${digits(r, 8)}`,
  branch: (r: Rand) => `br-${words(r)}-a5${chars(r, 6)}`,
  endpoint: (r: Rand) => `ep-${words(r)}-a5${chars(r, 6)}`,
  org: (r: Rand) => `org-${words(r)}-${digits(r, 8)}`,
  uuid: (r: Rand) => {
    const h = chars(r, 32, '0123456789abcdef');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[Math.floor(r() * 4)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  },
  /** `marker` (the state's secretMarker) lets a test find every secret the emulator ever issued. */
  password: (r: Rand, marker = '') => `npg_${marker}${chars(r, 12, MIXED)}`,
  token: (r: Rand, marker = '') => `napi_${marker}${chars(r, 64).slice(marker.length)}`, // same draws with or without a marker
  requestId: (r: Rand) => chars(r, 32, '0123456789abcdef'),
};

export const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'org';
