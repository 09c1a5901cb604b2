/**
 * Who may reach the metrics server: where it listens, whether that needs a token, and the token
 * check itself. Loopback is the default; any other address serves the accounts' numbers to a
 * network, so it refuses to start without a token.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

export const DEFAULT_PORT = 9479;
export const DEFAULT_HOST = '127.0.0.1';
/** Long enough that guessing is hopeless (`openssl rand -hex 32` gives 64). */
export const MIN_TOKEN_LENGTH = 16;

export class AccessError extends Error {
  override readonly name = 'AccessError';
}

export interface ListenAddress {
  host: string;
  port: number;
}

function parsePort(text: string, spec: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) throw new AccessError(`--listen ${spec}: the port must be a number from 0 to 65535`);
  return Number(text);
}

/** "HOST:PORT", "[IPv6]:PORT" or a bare "PORT" (loopback). */
export function parseListen(spec: string): ListenAddress {
  const bracketed = /^\[([^\]]+)\]:(\d+)$/.exec(spec);
  if (bracketed) {
    if (isIP(bracketed[1]) !== 6) throw new AccessError(`--listen ${spec}: ${bracketed[1]} is not an IPv6 address`);
    return { host: bracketed[1], port: parsePort(bracketed[2], spec) };
  }
  if (/^\d+$/.test(spec)) return { host: DEFAULT_HOST, port: parsePort(spec, spec) };
  const colon = spec.lastIndexOf(':');
  const host = spec.slice(0, colon);
  if (colon < 0 || spec.indexOf(':') !== colon) throw new AccessError(`--listen ${spec}: expected HOST:PORT (an IPv6 address in brackets: [::1]:${DEFAULT_PORT})`);
  if (!host) throw new AccessError(`--listen ${spec}: give the address too: 0.0.0.0${spec} for every interface, 127.0.0.1${spec} for this machine only`);
  if (!/^[A-Za-z0-9.-]+$/.test(host)) throw new AccessError(`--listen ${spec}: ${host} is not a host name or address`);
  return { host, port: parsePort(spec.slice(colon + 1), spec) };
}

export function isLoopback(host: string): boolean {
  const h = host.toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

export function formatAddress({ host, port }: ListenAddress): string {
  return `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
}

/** A reason the token can't be used, or null. */
export function tokenProblem(token: string): string | null {
  if (token.length < MIN_TOKEN_LENGTH) return `the token is too short (at least ${MIN_TOKEN_LENGTH} characters; make one with \`openssl rand -hex 32\`)`;
  if (/[\s\p{Cc}]/u.test(token)) return 'the token must not contain spaces or control characters';
  return null;
}

/** Throws AccessError when this address may not be served this way. */
export function assertSafeAccess(address: ListenAddress, token: string | null): void {
  if (token !== null) {
    const problem = tokenProblem(token);
    if (problem) throw new AccessError(problem);
    return;
  }
  if (!isLoopback(address.host)) {
    throw new AccessError(
      `refusing to listen on ${formatAddress(address)} without a token: every account's usage would be open to anyone who can reach that address. ` +
        'Give a token with --token-file FILE or HEADROOM_TOKEN (scrapers then send "Authorization: Bearer <token>"), or listen on 127.0.0.1',
    );
  }
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Checks an Authorization header against the token in constant time (both sides hashed to one length). */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer +(\S+) *$/i.exec(header ?? '');
  const given = m ? m[1] : '';
  return timingSafeEqual(digest(given), digest(token)) && m !== null;
}

/**
 * Without a token the server trusts loopback, so it must not answer a page that reached it by DNS
 * rebinding (a site whose name now points at 127.0.0.1): the Host header must name loopback too.
 */
export function loopbackHostHeader(header: string | undefined): boolean {
  if (!header) return false;
  const host = header.startsWith('[') ? header.slice(1, header.indexOf(']')) : header.replace(/:\d+$/, '');
  return isLoopback(host);
}
