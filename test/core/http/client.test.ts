import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { ProviderError } from '../../../main/model/errors.ts';
import { httpGet, isLoopbackHost, joinUrl, statusError } from '../../../main/core/http/client.ts';
import { cappedRetryAfter, parseRetryAfter, waitText } from '../../../main/core/http/retry-after.ts';
import { RETRY_AFTER_CAP_MS } from '../../../main/model/limits.ts';
import { rateLimitedMs } from '../../../main/core/poller/backoff.ts';

let base = '';
let lastUA = '';
const server = createServer((req, res) => {
  lastUA = String(req.headers['user-agent']);
  if (req.url === '/big') {
    res.writeHead(200);
    const chunk = Buffer.alloc(64 * 1024, 97);
    for (let i = 0; i < 20; i++) res.write(chunk); // 1.25 MiB, no content-length
    return res.end();
  }
  if (req.url === '/away') {
    res.writeHead(302, { Location: 'http://127.0.0.2:1/elsewhere' });
    return res.end();
  }
  if (req.url === '/same') {
    res.writeHead(301, { Location: '/ok' });
    return res.end();
  }
  if (req.url === '/bad-location') {
    res.writeHead(302, { Location: 'http://[::1' });
    return res.end();
  }
  if (req.url?.startsWith('/busy')) {
    res.writeHead(429, { 'Retry-After': decodeURIComponent(req.url.slice('/busy?'.length)) });
    return res.end();
  }
  if (req.url === '/slow') return; // never answers
  if (req.url === '/slow-body') {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100' });
    return void res.write('{"current":'); // and nothing more
  }
  if (req.url === '/cut') {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100' });
    res.write('{"current":');
    return void setTimeout(() => res.socket?.destroy(), 20);
  }
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end('{"ok":true}');
});
before(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

async function kindOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    assert.ok(e instanceof ProviderError, String(e));
    return `${e.kind}: ${e.message}`;
  }
}

test('sends the User-Agent and follows same-origin redirects', async () => {
  const res = await httpGet({ url: `${base}/same`, who: 'T' });
  assert.equal(res.text, '{"ok":true}');
  assert.match(lastUA, /^Headroom\/\d+\.\d+\.\d+/);
});

test('refuses a redirect to another host', async () => {
  assert.match(await kindOf(httpGet({ url: `${base}/away`, who: 'T' })), /^bad-response: T: refused redirect to another host/);
});

test('a malformed Location is a bad response naming who asked, never a bare "Invalid URL"', async () => {
  assert.equal(await kindOf(httpGet({ url: `${base}/bad-location`, who: "Retell AI 'prod'" })), "bad-response: Retell AI 'prod': redirect (HTTP 302) to a malformed address");
});

test('an absurd Retry-After is shown and kept capped, as the scheduler waits', async () => {
  assert.equal(rateLimitedMs(7 * 86_400_000, 1, 30_000, () => 0), RETRY_AFTER_CAP_MS, 'one cap for what is shown and what is waited');
  for (const value of ['94608000', 'Fri, 01 Jan 2100 00:00:00 GMT', '9'.repeat(400)]) {
    const res = await httpGet({ url: `${base}/busy?${encodeURIComponent(value)}`, who: 'T' });
    const err = statusError(res, 'T');
    assert.equal(err.message, 'T: rate limited (HTTP 429, retry in 60 min)');
    assert.equal(err.details.retryAfterMs, RETRY_AFTER_CAP_MS);
  }
  const soon = statusError(await httpGet({ url: `${base}/busy?7`, who: 'T' }), 'T');
  assert.deepEqual([soon.message, soon.details.retryAfterMs], ['T: rate limited (HTTP 429, retry in 7 s)', 7000]);
  assert.equal(cappedRetryAfter(undefined), undefined);
  assert.deepEqual([waitText(1), waitText(119_000), waitText(120_000), waitText(RETRY_AFTER_CAP_MS)], ['1 s', '119 s', '2 min', '60 min']);
});

test('caps the response size while reading', async () => {
  assert.match(await kindOf(httpGet({ url: `${base}/big`, who: 'T' })), /^bad-response: T: response larger than 1048576 bytes/);
});

test('times out', async () => {
  assert.equal(await kindOf(httpGet({ url: `${base}/slow`, who: 'T', timeoutMs: 100 })), 'network: T: no answer within 0 s');
});

test('a body that stops half-way times out; one cut off by a closed connection is a network error, never half a JSON', async () => {
  assert.equal(await kindOf(httpGet({ url: `${base}/slow-body`, who: 'T', timeoutMs: 200 })), 'network: T: no answer within 0 s');
  assert.equal(await kindOf(httpGet({ url: `${base}/cut`, who: 'T' })), 'network: T: connection reset');
});

test('requires HTTPS except on loopback', async () => {
  assert.match(await kindOf(httpGet({ url: 'http://example.com/x', who: 'T' })), /HTTPS is required/);
  assert.ok(isLoopbackHost('localhost') && isLoopbackHost('127.0.0.9') && isLoopbackHost('[::1]'));
  assert.ok(!isLoopbackHost('10.0.0.1') && !isLoopbackHost('127.example.com'));
});

test('connection refused is a network error', async () => {
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
  const port = (closed.address() as AddressInfo).port;
  closed.close();
  assert.equal(await kindOf(httpGet({ url: `http://127.0.0.1:${port}/`, who: 'T' })), 'network: T: connection refused');
});

test('Retry-After in seconds and as an HTTP date', () => {
  const now = Date.UTC(2026, 10, 22, 12, 0, 0);
  assert.equal(parseRetryAfter('120', now), 120_000);
  assert.equal(parseRetryAfter('Sun, 22 Nov 2026 12:00:30 GMT', now), 30_000);
  assert.equal(parseRetryAfter('Sun, 22 Nov 2026 11:00:00 GMT', now), 0);
  assert.equal(parseRetryAfter('soon', now), undefined);
  assert.equal(parseRetryAfter('-5', now), undefined);
  assert.equal(parseRetryAfter(null, now), undefined);
});

test('joinUrl tolerates slashes', () => {
  assert.equal(joinUrl('https://a/b/', '/c'), 'https://a/b/c');
  assert.equal(joinUrl('https://a/b', 'c'), 'https://a/b/c');
});

test('kept-alive connections the server drops as they are reused: the GET is tried again until a fresh one answers', async () => {
  // The second request on each connection finds it dropped (as a server or load balancer does after an idle timeout).
  const seenOn = new WeakMap<object, number>();
  let dropped = 0;
  const dropping = createServer((req, res) => {
    const n = (seenOn.get(req.socket) ?? 0) + 1;
    seenOn.set(req.socket, n);
    if (n > 1) {
      dropped++;
      return req.socket.destroy();
    }
    res.writeHead(200, { 'Content-Type': 'application/json', Connection: 'keep-alive', 'Keep-Alive': 'timeout=60' });
    res.end('{"n":1}');
  });
  await new Promise<void>((r) => dropping.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(dropping.address() as AddressInfo).port}/x`;
  try {
    for (let i = 0; i < 6; i++) assert.equal((await httpGet({ url, who: 'Test' })).text, '{"n":1}', `GET ${i + 1} answered`);
    assert.ok(dropped >= 1, 'some GETs went out on a reused connection that was dropped, and were answered all the same');
  } finally {
    dropping.closeAllConnections();
    dropping.close();
  }
});

test('a connection reset on every try is still a network error (a few tries, not a loop)', async () => {
  let requests = 0;
  const resetting = createServer((req) => {
    requests++;
    req.socket.destroy();
  });
  await new Promise<void>((r) => resetting.listen(0, '127.0.0.1', () => r()));
  try {
    const err = await httpGet({ url: `http://127.0.0.1:${(resetting.address() as AddressInfo).port}/x`, who: 'Test' }).catch((e) => e);
    assert.ok(err instanceof ProviderError);
    assert.equal(err.kind, 'network');
    assert.match(err.message, /^Test: connection (reset|closed)$/);
    assert.equal(requests, 4);
  } finally {
    resetting.close();
  }
});
