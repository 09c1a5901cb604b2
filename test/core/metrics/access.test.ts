import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AccessError, assertSafeAccess, bearerMatches, isLoopback, loopbackHostHeader, parseListen, tokenProblem } from '../../../main/core/metrics/access.ts';

const TOKEN = 'a'.repeat(32);

describe('where the metrics server listens, and who may read it', () => {
  test('--listen forms', () => {
    assert.deepEqual(parseListen('127.0.0.1:9479'), { host: '127.0.0.1', port: 9479 });
    assert.deepEqual(parseListen('0.0.0.0:80'), { host: '0.0.0.0', port: 80 });
    assert.deepEqual(parseListen('[::1]:9000'), { host: '::1', port: 9000 });
    assert.deepEqual(parseListen('localhost:0'), { host: 'localhost', port: 0 });
    assert.deepEqual(parseListen('9100'), { host: '127.0.0.1', port: 9100 });
    for (const bad of [':9479', 'host', '1.2.3.4:99999', '::1:9479', '[nope]:1', 'a b:1', 'host:port']) assert.throws(() => parseListen(bad), AccessError, bad);
    assert.throws(() => parseListen(':9479'), /0\.0\.0\.0:9479 for every interface/);
  });

  test('loopback addresses', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', '::1', 'localhost', 'LOCALHOST']) assert.ok(isLoopback(h), h);
    for (const h of ['0.0.0.0', '::', '10.0.0.1', '192.168.1.2', 'example.com', '128.0.0.1']) assert.ok(!isLoopback(h), h);
  });

  test('any address but loopback needs a token, and says why', () => {
    assert.doesNotThrow(() => assertSafeAccess({ host: '127.0.0.1', port: 1 }, null));
    assert.throws(() => assertSafeAccess({ host: '0.0.0.0', port: 9479 }, null), /refusing to listen on 0\.0\.0\.0:9479 without a token: .*--token-file FILE or HEADROOM_TOKEN/);
    assert.throws(() => assertSafeAccess({ host: '::', port: 9479 }, null), /\[::\]:9479/);
    assert.doesNotThrow(() => assertSafeAccess({ host: '0.0.0.0', port: 9479 }, TOKEN));
    assert.throws(() => assertSafeAccess({ host: '0.0.0.0', port: 9479 }, 'short'), /too short/);
  });

  test('token rules', () => {
    assert.equal(tokenProblem(TOKEN), null);
    assert.match(tokenProblem('x'.repeat(15)) ?? '', /at least 16/);
    assert.match(tokenProblem(`${'x'.repeat(16)} y`) ?? '', /spaces/);
  });

  test('bearer check: exact token only', () => {
    assert.ok(bearerMatches(`Bearer ${TOKEN}`, TOKEN));
    assert.ok(bearerMatches(`bearer ${TOKEN}`, TOKEN));
    for (const bad of [undefined, '', TOKEN, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(1)}`, `Basic ${TOKEN}`, 'Bearer ', `Bearer ${TOKEN} extra`]) assert.ok(!bearerMatches(bad, TOKEN), String(bad));
  });

  test('without a token, only requests naming a loopback host are answered (DNS rebinding)', () => {
    for (const h of ['127.0.0.1:9479', 'localhost:9479', 'localhost', '[::1]:9479']) assert.ok(loopbackHostHeader(h), h);
    for (const h of [undefined, 'evil.example:9479', 'evil.example', '10.0.0.1:9479']) assert.ok(!loopbackHostHeader(h), String(h));
  });
});
