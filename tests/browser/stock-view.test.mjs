// The stock panel's pure helpers, run by node itself: quantities, days of supply rounded down,
// expiry colours and the batches an issue took.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { daysText, expiryState, expiryText, quantityText, takenText } from '../../web/src/stock-view.js';

describe('stock view', () => {
  test('quantities are grouped by thousands with their unit', () => {
    assert.equal(quantityText(41000, '升'), '41,000 升');
    assert.equal(quantityText(0, '顶'), '0 顶');
    assert.equal(quantityText(null, '顶'), '—');
  });

  test('days of supply are rounded down to a tenth, never up', () => {
    assert.equal(daysText(1.827), '1.8');
    assert.equal(daysText(1.8), '1.8', '1.8 stored as 1.7999… still reads 1.8');
    assert.equal(daysText(2.99), '2.9');
    assert.equal(daysText(400), '400.0');
    assert.equal(daysText(null), '—');
  });

  test('an expiry is coloured by how close it is', () => {
    assert.equal(expiryState(-1), 'expired');
    assert.equal(expiryState(0), 'soon');
    assert.equal(expiryState(30), 'soon');
    assert.equal(expiryState(31), 'expiring');
    assert.equal(expiryState(90), 'expiring');
    assert.equal(expiryState(91), 'ok');
    assert.equal(expiryState(91, 120), 'expiring', 'the server\'s window');
    assert.equal(expiryState(null), 'none');
    assert.equal(expiryText('2026-11-20', -6), '2026-11-20（已过期 6 天）');
    assert.equal(expiryText('2026-11-26', 0), '2026-11-26（今天到期）');
    assert.equal(expiryText(null, null), '无有效期');
  });

  test('the batches an issue took are named with their quantity and expiry', () => {
    assert.equal(takenText([{ batch: 'B1', quantity: 30, expires: '2027-01-15' }, { batch: '', quantity: 2 }], '升'),
      'B1 30 升（2027-01-15）、无批号 2 升');
  });
});
