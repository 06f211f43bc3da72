// The proxy the API clients use, from VS Code's own settings (`http.proxy`,
// `http.proxyAuthorization`, `http.noProxy`, `http.proxyStrictSSL`) and, when `http.proxy` is
// empty, the environment's HTTPS_PROXY / HTTP_PROXY / NO_PROXY (read by src/api/proxy.ts).
// Set explicitly on every client, so the API and the consumption data go through it whether or not
// VS Code's own fetch patching is on.
import * as vscode from 'vscode';
import type { ProxyConfig } from '../api';

export const PROXY_SETTINGS = ['http.proxy', 'http.proxyAuthorization', 'http.noProxy', 'http.proxyStrictSSL'] as const;

export function proxyConfig(): ProxyConfig {
  const http = vscode.workspace.getConfiguration('http');
  const url = http.get<string>('proxy')?.trim();
  const authorization = http.get<string | null>('proxyAuthorization')?.trim();
  const noProxy = http.get<string[]>('noProxy') ?? [];
  return {
    ...(url ? { url } : {}),
    ...(authorization ? { authorization } : {}),
    noProxy: Array.isArray(noProxy) ? noProxy.filter((h) => typeof h === 'string') : [],
    strictSSL: http.get<boolean>('proxyStrictSSL', true) !== false,
  };
}

export const affectsProxy = (e: vscode.ConfigurationChangeEvent) => PROXY_SETTINGS.some((s) => e.affectsConfiguration(s));
