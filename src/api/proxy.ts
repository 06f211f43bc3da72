/**
 * Requests through a forward proxy: which proxy (if any) a URL goes through, and a fetch that uses
 * it (./proxyAgent: undici's ProxyAgent). Plain http targets are sent to the proxy as absolute-URI
 * requests, https targets through a CONNECT tunnel. The proxy's credentials
 * (user:pass in its URL, or a Proxy-Authorization value) go only to the proxy and never into a
 * label, a log line or an error: proxies are named by host:port.
 */
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';

export interface ProxyConfig {
  /** The proxy for every request, e.g. VS Code's `http.proxy`; unset: HTTPS_PROXY / HTTP_PROXY. */
  url?: string;
  /** The Proxy-Authorization header value (VS Code's `http.proxyAuthorization`). */
  authorization?: string;
  /** Hosts reached directly (VS Code's `http.noProxy`), added to NO_PROXY. */
  noProxy?: readonly string[];
  /** false: accept any certificate, for TLS-intercepting proxies (VS Code's `http.proxyStrictSSL`). */
  strictSSL?: boolean;
  /** Where HTTPS_PROXY, HTTP_PROXY and NO_PROXY are read (either case); default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface ResolvedProxy {
  /** The proxy's URL without credentials. */
  url: URL;
  /** host:port, for sentences and logs. */
  label: string;
  /** Proxy-Authorization to send, if any. */
  authorization?: string;
}

const envVar = (env: ProxyConfig['env'], name: string) => (env?.[name.toLowerCase()] ?? env?.[name.toUpperCase()])?.trim() || undefined;

/** host:port of a proxy URL (the scheme's default port when none is given). */
export function proxyLabel(url: URL): string {
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return `${url.hostname}:${port}`;
}

/** Whether `target` is exempt by a NO_PROXY-style list: `*`, a host, `.domain`/domain (and subdomains), optional `:port`. */
export function bypassesProxy(target: URL, noProxy: readonly string[]): boolean {
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  for (const raw of noProxy) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    const m = /^(.*?)(?::(\d+))?$/.exec(entry.replace(/^\[|\](?=:|$)/g, ''))!;
    const name = m[1]!.replace(/^\*?\./, '');
    if (m[2] && m[2] !== port) continue;
    if (host === name || host.endsWith(`.${name}`)) return true;
  }
  return false;
}

const splitList = (s: string | undefined) => (s ?? '').split(/[\s,]+/).filter(Boolean);

/** The proxy `target` goes through under `config`, or undefined for a direct connection. */
export function resolveProxy(target: string, config: ProxyConfig | undefined): ResolvedProxy | undefined {
  if (!config) return undefined;
  const env = config.env ?? process.env;
  const to = new URL(target);
  // As curl and undici's EnvHttpProxyAgent: https targets use HTTPS_PROXY, else HTTP_PROXY.
  const raw = config.url?.trim() || (to.protocol === 'https:' ? envVar(env, 'https_proxy') : undefined) || envVar(env, 'http_proxy');
  if (!raw) return undefined;
  if (bypassesProxy(to, [...(config.noProxy ?? []), ...splitList(envVar(env, 'no_proxy'))])) return undefined;
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
  } catch {
    throw new Error(l10n.t('The proxy setting is not a URL such as http://proxy.example.com:8080; correct http.proxy or HTTPS_PROXY.'));
  }
  let authorization = config.authorization?.trim() || undefined;
  if (!authorization && (url.username || url.password)) {
    authorization = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
  }
  url.username = '';
  url.password = '';
  return { url, label: proxyLabel(url), ...(authorization ? { authorization } : {}) };
}

/** A fetch that sends everything through `proxy` (loads undici, from its own file, on first use). */
export function proxiedFetch(proxy: ResolvedProxy, strictSSL = true): typeof fetch {
  // Not a literal require: the extension bundle must not inline undici (see ./proxyAgent).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(path.join(__dirname, 'proxyAgent')) as typeof import('./proxyAgent');
  return mod.createProxiedFetch({ uri: proxy.url.href, ...(proxy.authorization ? { authorization: proxy.authorization } : {}), strictSSL });
}
