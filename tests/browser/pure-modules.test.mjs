// The dashboard's pure modules (no DOM, no requests), run by node itself beside the browser
// tests: reading a typed 北京时间, and ordering the signal types from the server's catalogue.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fromField, isoToField, toField } from '../../web/src/beijing-time.js';
import { orderSignals } from '../../web/src/signal-order.js';
import { SIGNAL_TYPES } from '../../web/src/vocabulary.js';

describe('北京时间 fields', () => {
  test('what is typed is read as Beijing time and sent with +08:00', () => {
    assert.equal(fromField('2030-07-02 09:05'), '2030-07-02T09:05:00+08:00');
    assert.equal(fromField(' 2030-7-2 9:05 '), '2030-07-02T09:05:00+08:00');
    assert.equal(fromField('2030-07-02T09:05'), '2030-07-02T09:05:00+08:00');
    assert.equal(fromField('2030/07/02 23:59'), '2030-07-02T23:59:00+08:00');
    assert.equal(fromField('2030年7月2日 9：05'), '2030-07-02T09:05:00+08:00');
    assert.equal(fromField('2028-02-29 00:00'), '2028-02-29T00:00:00+08:00', 'a leap day');
  });

  test('what is not a time on a date is refused, not guessed at', () => {
    for (const bad of ['', '07/02/2030 10:30 PM', '2030-07-02', '2030-02-30 10:00', '2029-02-29 10:00', '2030-13-01 10:00',
      '2030-07-02 24:00', '2030-07-02 10:60', '2030-07-02 1005', 'tomorrow 10:00']) {
      assert.equal(fromField(bad), null, bad);
    }
  });

  test('a time is shown in Beijing whatever zone the instant was written in', () => {
    assert.equal(isoToField('2030-07-02T01:05:00Z'), '2030-07-02 09:05');
    assert.equal(isoToField('2030-07-02T07:05:00+06:00'), '2030-07-02 09:05', 'Urumqi local time');
    assert.equal(isoToField('2030-07-02T23:30:00+08:00'), '2030-07-02 23:30');
    assert.equal(toField(new Date(Date.UTC(2030, 11, 31, 16, 0))), '2031-01-01 00:00', 'the Beijing date, not the UTC one');
    assert.equal(isoToField(''), '');
    assert.equal(fromField(isoToField('2030-07-02T09:05:00+08:00')), '2030-07-02T09:05:00+08:00', 'round trip');
  });
});

describe('signal types in the district\'s order', () => {
  test('without a catalogue from the server, the list is the vocabulary\'s, every level', () => {
    const { common, rare } = orderSignals(null);
    assert.deepEqual(common.map((s) => s.type), Object.keys(SIGNAL_TYPES));
    assert.deepEqual(rare, []);
    assert.ok(common.every((s) => s.levels.length === 4));
  });

  test('with one, by frequency rank; types that do not occur here kept apart; levels as the catalogue says', () => {
    const catalogue = [
      { type: 'typhoon', name: '台风', levels: ['blue', 'yellow', 'orange', 'red'], frequency_rank: 19, occurs_here: false },
      { type: 'rainstorm', name: '暴雨', levels: ['blue', 'yellow', 'orange', 'red'], frequency_rank: 2, occurs_here: true },
      { type: 'dust', name: '沙尘', levels: ['yellow', 'blue'], occurs_here: true },
      { type: 'strong_wind', name: '大风', levels: ['blue', 'yellow', 'orange', 'red'], frequency_rank: 1, occurs_here: true },
      { type: 'lightning', name: '雷电', levels: ['yellow', 'orange', 'red'], frequency_rank: 3 },
      { type: 'hail', levels: ['orange', 'red'], frequency_rank: 3, occurs_here: true },
    ];
    const { common, rare } = orderSignals(catalogue);
    assert.deepEqual(common.map((s) => s.type), ['strong_wind', 'rainstorm', 'lightning', 'hail', 'dust'],
      'by rank, ties in catalogue order, unranked last');
    assert.deepEqual(rare.map((s) => s.type), ['typhoon']);
    assert.deepEqual(common.find((s) => s.type === 'dust').levels, ['blue', 'yellow'], 'levels in the official order');
    assert.equal(common.find((s) => s.type === 'hail').name, '冰雹', 'a name from the vocabulary when the catalogue has none');
  });
});
