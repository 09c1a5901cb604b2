/**
 * Where the window's page comes from: the built dist/renderer/index.html, or (development only, when
 * HEADROOM_DEV_RENDERER_URL names a loopback http origin) a local preview server.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export type RendererTarget =
  | { kind: 'file'; filePath: string; url: string; dirUrl: string }
  | { kind: 'url'; url: string; origin: string };

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function rendererTarget(opts: { appPath: string; isPackaged: boolean; env: NodeJS.ProcessEnv }): RendererTarget {
  const dev = opts.env.HEADROOM_DEV_RENDERER_URL;
  if (dev && !opts.isPackaged) {
    const url = new URL(dev);
    if (url.protocol !== 'http:' || !LOOPBACK.has(url.hostname)) {
      throw new Error(`HEADROOM_DEV_RENDERER_URL must be a loopback http URL, got ${url.origin}`);
    }
    return { kind: 'url', url: url.href, origin: url.origin };
  }
  const dir = join(opts.appPath, 'dist', 'renderer');
  const filePath = join(dir, 'index.html');
  return { kind: 'file', filePath, url: pathToFileURL(filePath).href, dirUrl: pathToFileURL(dir).href + '/' };
}

function stripQueryAndHash(url: string): string | null {
  try {
    const u = new URL(url);
    u.hash = '';
    u.search = '';
    return u.href;
  } catch {
    return null;
  }
}

/** The page itself: the exact index.html file, or any page on the dev origin. */
export function isRendererPage(target: RendererTarget, url: string): boolean {
  if (target.kind === 'url') {
    try {
      return new URL(url).origin === target.origin;
    } catch {
      return false;
    }
  }
  return stripQueryAndHash(url) === target.url;
}

/** What the page may load: its own files (and inline data/blob), nothing remote. */
export function isAllowedRequest(target: RendererTarget, url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'devtools:') return true;
  if (target.kind === 'url') return u.origin === target.origin;
  return u.protocol === 'file:' && stripQueryAndHash(url)!.startsWith(target.dirUrl);
}
