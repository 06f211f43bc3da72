// Secrets known to this process (API keys, passwords) are registered here so that every
// log line and every message shown to the user can be scrubbed of them. Pure: no vscode.

const known = new Set<string>();

/** Neon API keys are long opaque tokens; scrub anything shaped like one even if unregistered. */
const KEY_SHAPE = /\bnapi_[A-Za-z0-9]{16,}\b/g;
const BEARER = /(Bearer\s+)[^\s"']+/gi;
const URL_PASSWORD = /(postgres(?:ql)?:\/\/[^:/@\s]+:)[^@\s]+@/gi;

export function registerSecret(secret: string | undefined): void {
  if (secret && secret.length >= 6) known.add(secret);
}

/** Registers a connection string and the password inside it before anything can log them. */
export function registerUri(uri: string): void {
  registerSecret(uri);
  try {
    const u = new URL(uri);
    if (u.password) {
      registerSecret(u.password);
      registerSecret(decodeURIComponent(u.password));
    }
  } catch {
    // not a URL: the whole string is registered already
  }
}

export function forgetSecret(secret: string | undefined): void {
  if (secret) known.delete(secret);
}

export function redact(text: string): string {
  let out = text;
  for (const s of known) {
    if (out.includes(s)) out = out.split(s).join('«redacted»');
    const encoded = encodeURIComponent(s);
    if (encoded !== s && out.includes(encoded)) out = out.split(encoded).join('«redacted»');
  }
  return out.replace(KEY_SHAPE, '«redacted»').replace(BEARER, '$1«redacted»').replace(URL_PASSWORD, '$1«redacted»@');
}
