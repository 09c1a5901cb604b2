/**
 * Text a provider sends (error messages, account ids) on its way into Headroom's own messages, which
 * end up in terminals, desktop notifications, alerts.json and logs. One place makes it safe there:
 * no control, escape or bidi characters, no echoed secret in any common disguise, and short.
 */

/**
 * Controls (C0 with ESC, which starts terminal escape sequences, DEL, C1 with the 8-bit CSI), format
 * characters (bidi embeddings, overrides, isolates and marks, zero-width characters, soft hyphen,
 * BOM), line and paragraph separators, and lone surrogates.
 */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;
const WHITESPACE_CONTROLS = /[\t\n\v\f\r\u0085\u2028\u2029]+/g;
/** Long runs that look like tokens or keys are hidden even when they are not one of ours. */
const TOKEN_LIKE = /[A-Za-z0-9_\-.]{24,}/g;
/** Shorter values are too likely to match ordinary words to be hunted in every encoding. */
const MIN_SECRET_LENGTH = 4;
const MIN_BASE64_CORE = 6;
export const HIDDEN = '…';
export const DETAIL_MAX = 120;

/** Text fit for one line anywhere: whitespace controls become spaces, other unsafe characters go. */
export function plainText(raw: string): string {
  return raw.replace(WHITESPACE_CONTROLS, ' ').replace(UNSAFE, '').replace(/\s+/g, ' ').trim();
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The base64 characters that encode only the secret's own bytes, for each of the three byte
 * alignments it can have inside a longer encoded string (e.g. "id:token" in a Basic header).
 */
function base64Cores(secret: Buffer): string[] {
  const cores: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), secret]).toString('base64');
    const first = Math.ceil((offset * 8) / 6);
    const end = Math.floor(((offset + secret.length) * 8) / 6);
    const core = encoded.slice(first, end);
    if (core.length >= MIN_BASE64_CORE) cores.push(core);
  }
  return cores;
}

/** Every way a provider is known to echo a value: as sent, any letter case, URL-encoded, base64, hex. */
function disguises(secret: string): { caseless: string[]; exact: string[] } {
  const bytes = Buffer.from(secret, 'utf8');
  const url = encodeURIComponent(secret);
  const caseless = [secret, url, url.replace(/%20/g, '+'), encodeURI(secret), bytes.toString('hex')];
  const padded = bytes.toString('base64');
  const base64 = [padded, padded.replace(/=+$/, ''), ...base64Cores(bytes)];
  const exact = base64.flatMap((b) => [b, b.replace(/\+/g, '-').replace(/\//g, '_'), encodeURIComponent(b)]);
  return { caseless, exact };
}

/** Replaces each secret value, in any of its disguises, with an ellipsis. Longest first, so no half is left. */
export function scrubSecrets(text: string, secrets: Iterable<string | undefined>): string {
  const caseless = new Set<string>();
  const exact = new Set<string>();
  for (const secret of secrets) {
    if (!secret || secret.length < MIN_SECRET_LENGTH) continue;
    const d = disguises(secret);
    d.caseless.forEach((v) => caseless.add(v));
    d.exact.forEach((v) => exact.add(v));
  }
  const byLength = (a: string, b: string) => b.length - a.length;
  let out = text;
  for (const v of [...exact].sort(byLength)) out = out.split(v).join(HIDDEN);
  for (const v of [...caseless].sort(byLength)) out = out.replace(new RegExp(escapeRegExp(v), 'giu'), HIDDEN);
  return out;
}

/**
 * Provider text as Headroom may show it: plain (see plainText), secrets scrubbed (before and after
 * cleaning, so an invisible character inside an echoed key does not hide it), token-like runs hidden
 * (unless `hideTokens` is false, for ids shown on purpose), cut to `max` characters. Undefined when
 * nothing readable is left.
 */
export function providerText(raw: unknown, secrets: Iterable<string | undefined>, opts: { max?: number; hideTokens?: boolean } = {}): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const values = [...secrets];
  let text = scrubSecrets(plainText(scrubSecrets(raw, values)), values);
  if (opts.hideTokens !== false) text = text.replace(TOKEN_LIKE, HIDDEN);
  // \u2026 (…) written as an escape: esbuild leaves regex literals as they are, and one non-ASCII
  // character makes V8 hold the whole bundle's source at two bytes per character (see scripts/node-bundle.mjs).
  text = text.replace(/\u2026(\s*\u2026)+/g, HIDDEN).trim();
  if (!text.replaceAll(HIDDEN, '').trim()) return undefined;
  const max = opts.max ?? DETAIL_MAX;
  const chars = [...text]; // by code point, so a cut never splits a surrogate pair
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}
