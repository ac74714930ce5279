// The 值班 tab's words, run by node itself (no browser): shifts, due reports, the banner line.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dueName, overdueText, shiftText } from '../../web/src/duty-text.js';

describe('duty desk words', () => {
  test('a shift is its name and its Beijing times; a range is not said twice', () => {
    assert.equal(shiftText({ label: '白班', start: '2030-12-02T08:00:00+08:00', end: '2030-12-02T20:00:00+08:00' }), '白班 12-02 08:00–20:00');
    assert.equal(shiftText({ label: '夜班', start: '2030-12-02T20:00:00+08:00', end: '2030-12-03T08:00:00+08:00' }), '夜班 12-02 20:00–08:00');
    assert.equal(shiftText({ label: '08:00-20:00', start: '2030-12-02T00:00:00Z', end: '2030-12-02T12:00:00Z' }), '12-02 08:00–20:00');
    assert.equal(shiftText(null), '');
  });

  test('a due report and its banner line', () => {
    const d = { incident_id: 'i1', stage: 'first', channel: 'phone', due_at: '2030-12-02T13:45:00+08:00', to: '区委区政府总值班室' };
    assert.equal(dueName(d), '首报（电话）');
    assert.equal(overdueText(d, '燃气泄漏'), '燃气泄漏的首报（电话）已超时（应于 12-02 13:45 前报 区委区政府总值班室）');
    assert.equal(overdueText(d), '事件 i1的首报（电话）已超时（应于 12-02 13:45 前报 区委区政府总值班室）');
    assert.equal(overdueText({ stage: 'zero', date: '2030-12-03', due_at: '2030-12-03T09:00:00+08:00', to: '市应急管理局' }),
      '2030-12-03 零报告已超时（应于 12-03 09:00 前报 市应急管理局）');
  });
});
