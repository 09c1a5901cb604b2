import assert from 'node:assert/strict';
import { test } from 'node:test';
import { same } from '../../main/model/same.ts';

test('semantic equality of plain data', () => {
  assert.ok(same({ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 }), 'key order does not matter');
  assert.ok(same({ a: 1, b: undefined }, { a: 1 }), 'an undefined key equals a missing one');
  assert.ok(same(Number.NaN, Number.NaN));
  assert.ok(same(null, null));
  assert.ok(!same({ a: 1 }, { a: 2 }));
  assert.ok(!same({ a: 1 }, { a: 1, b: 0 }));
  assert.ok(!same([1, 2], [1, 2, 3]));
  assert.ok(!same([1], { 0: 1 }));
  assert.ok(!same(null, {}));
  assert.ok(!same({ a: null }, { a: undefined }));
});
