/**
 * Electron's security checklist, applied in one place: the renderer is served from our own
 * app:// scheme with a strict Content-Security-Policy header, navigation and new windows are
 * denied, webviews refused, permission requests (camera, notifications…) declined.
 */
import { normalize, relative, isAbsolute, join, extname } from 'node:path';
import type { Session, WebContents } from 'electron';

export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://bundle`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/** 'unsafe-inline' styles only: Svelte sets style attributes; no inline or eval'd script. */
export function contentSecurityPolicy(devServer?: string): string {
  const self = devServer ? `'self' ${devServer}` : "'self'";
  const connect = devServer ? `${self} ${devServer.replace(/^http/, 'ws')}` : self;
  return [
    "default-src 'none'",
    `script-src ${self}`,
    `style-src ${self} 'unsafe-inline'`,
    `img-src ${self} data: blob:`,
    `font-src ${self} data:`,
    `connect-src ${connect}`,
    `worker-src ${self} blob:`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Is this URL our page (the bundle, or the dev server in development)? */
export function createAppUrlCheck(devServer?: string): (url: string) => boolean {
  const origins = new Set([APP_ORIGIN]);
  if (devServer) origins.add(originOf(devServer));
  return (url) => origins.has(originOf(url));
}

/** scheme://host — URL.origin is "null" for custom schemes such as app:. */
function originOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return '';
  }
}

/** The file under `root` an app:// URL names, or null when it would leave root or is not ours. */
export function resolveBundleFile(url: string, root: string): string | null {
  if (originOf(url) !== APP_ORIGIN) return null;
  const u = new URL(url);
  let path: string;
  try {
    path = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  const file = normalize(join(root, path === '/' ? 'index.html' : path));
  const rel = relative(root, file);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return null;
  return file;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
};

export function mimeType(file: string): string {
  return MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Denies navigation away from our page, every new window and every webview. */
export function hardenContents(contents: WebContents, isAppUrl: (url: string) => boolean, openExternal: (url: string) => void): void {
  const stay = (event: { preventDefault(): void }, url: string) => {
    if (!isAppUrl(url)) event.preventDefault();
  };
  contents.on('will-navigate', stay);
  contents.on('will-redirect', stay);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // Links to documentation open in the user's browser, never inside the app.
    if (/^https:\/\//.test(url)) openExternal(url);
    return { action: 'deny' };
  });
}

/** CSP on every response (the dev server's included) and no permissions for anyone. */
export function hardenSession(session: Session, csp: string): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
