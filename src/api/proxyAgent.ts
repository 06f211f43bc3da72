/**
 * The part of proxying that needs undici (≈ 1 MB bundled): built as its own file,
 * dist/proxyAgent.js, and loaded by ./proxy only when a request really goes through a proxy, so
 * activation without a proxy does not pay for it.
 *
 * Requests are sent with undici's `request` on a ProxyAgent and answered as a standard Response.
 * Not `fetch(…, { dispatcher })`: VS Code's extension host replaces the global fetch with its own
 * proxy-aware one, which ignores a dispatcher passed in (the requests went direct).
 */
import { ProxyAgent, request } from 'undici';
import * as l10n from '@vscode/l10n';

export interface ProxyAgentOptions {
  /** The proxy's URL without credentials. */
  uri: string;
  authorization?: string;
  strictSSL: boolean;
}

export function createProxiedFetch(o: ProxyAgentOptions): typeof fetch {
  const tls = o.strictSSL ? {} : { rejectUnauthorized: false };
  const dispatcher = new ProxyAgent({
    uri: o.uri,
    ...(o.authorization ? { token: o.authorization } : {}),
    // Absolute-URI requests for http targets (the proxy sees each one); https always tunnels (CONNECT).
    proxyTunnel: false,
    requestTls: tls,
    proxyTls: tls,
  });
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    const method = req.method.toUpperCase();
    const body = method === 'GET' || method === 'HEAD' ? undefined : Buffer.from(await req.arrayBuffer());
    const sent: Record<string, string> = {};
    req.headers.forEach((v, k) => (sent[k] = v));
    try {
      const res = await request(req.url, {
        method: method as 'GET',
        headers: sent,
        ...(body && body.length > 0 ? { body } : {}),
        signal: req.signal,
        dispatcher,
      });
      const buf = Buffer.from(await res.body.arrayBuffer());
      const headers = new Headers();
      for (const [k, v] of Object.entries(res.headers)) {
        if (v === undefined) continue;
        for (const one of Array.isArray(v) ? v : [v]) headers.append(k, one);
      }
      const noBody = res.statusCode === 204 || res.statusCode === 304 || method === 'HEAD';
      return new Response(noBody ? null : buf, { status: res.statusCode, headers });
    } catch (e) {
      // undici reports a 407 as an invalid-argument error; give it a code the client can name.
      for (let c: unknown = e; c instanceof Error; c = c.cause) {
        if (/\(407\)/.test(c.message)) throw Object.assign(new Error(l10n.t('Proxy Authentication Required (407)'), { cause: e }), { code: 'PROXY_407' });
      }
      throw e;
    }
  }) as typeof fetch;
}
