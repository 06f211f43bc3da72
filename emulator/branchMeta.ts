// Branch expiration (`expires_at`) and annotations, held to the OpenAPI document
// (BranchCreateRequest / BranchUpdateRequest / AnnotationValueData) and to Neon's
// branch-expiration guide for the rules the document leaves to prose:
// RFC 3339 with a time zone, to the second; in the future; at most 30 days ahead; never on a
// protected, default or parent branch; an expiring branch cannot get children, be made default
// or be protected. PATCH with `expires_at: null` removes it.
import { badRequest } from './errors';
import type { Branch } from './model';

export const MAX_EXPIRY_DAYS = 30;
export const MAX_ANNOTATION_PROPERTIES = 50;

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

/** Parses `expires_at` from a request: an ISO string with a time zone, in (now, now + 30 days]. */
export function parseExpiresAt(v: unknown, nowMs = Date.now()): string {
  if (typeof v !== 'string' || !RFC3339.test(v) || Number.isNaN(Date.parse(v))) {
    throw badRequest('invalid expires_at: must be an RFC 3339 date-time with a time zone, such as 2025-06-09T18:02:16Z');
  }
  const t = Date.parse(v);
  if (t <= nowMs) throw badRequest('expires_at must be in the future');
  if (t > nowMs + MAX_EXPIRY_DAYS * 86_400_000) throw badRequest(`expires_at must be at most ${MAX_EXPIRY_DAYS} days in the future`);
  return new Date(Math.floor(t / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Sets (or clears, with null) a branch's expiration; `hasChildren` and `isDefault` are refused. */
export function applyExpiresAt(b: Branch, v: unknown, hasChildren: boolean, nowMs = Date.now()): void {
  if (v === null) {
    delete b.expiresAt;
    delete b.ttlIntervalSeconds;
    return;
  }
  const at = parseExpiresAt(v, nowMs);
  if (b.isDefault) throw badRequest('expires_at cannot be set on the default branch');
  if (b.protected) throw badRequest('expires_at cannot be set on a protected branch');
  if (hasChildren) throw badRequest('expires_at cannot be set on a branch that has child branches');
  b.expiresAt = at;
  b.ttlIntervalSeconds = Math.round((Date.parse(at) - nowMs) / 1000);
}

/** `annotation_value` of a create request: a map of strings, at most 50 properties. */
export function parseAnnotationValue(v: unknown): Record<string, string> | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw badRequest('invalid annotation_value: an object of strings');
  const entries = Object.entries(v as Record<string, unknown>);
  if (entries.length > MAX_ANNOTATION_PROPERTIES) throw badRequest(`invalid annotation_value: at most ${MAX_ANNOTATION_PROPERTIES} properties`);
  for (const [k, x] of entries) if (typeof x !== 'string') throw badRequest(`invalid annotation_value.${k}: must be a string`);
  return Object.fromEntries(entries) as Record<string, string>;
}

/** The AnnotationData of a branch, as GET answers it (`value: {}` when it has none). */
export function annotationJson(b: Branch) {
  const a = b.annotation;
  return {
    object: { type: 'console/branch', id: b.id },
    value: a ? { ...a.value } : {},
    ...(a ? { created_at: a.createdAt, updated_at: a.updatedAt } : {}),
  };
}

/** A reset from the parent (restore) restarts an expiring branch's countdown with its original interval. */
export function restartExpiry(b: Branch, nowMs = Date.now()): void {
  b.lastResetAt = new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (b.expiresAt && b.ttlIntervalSeconds) b.expiresAt = new Date(Math.floor((nowMs + b.ttlIntervalSeconds * 1000) / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
