// The 物资 tab on a real eoc: the needs of 1,000 people for 3 days, a batch of drinking water
// received at a warehouse, part of it issued to a shelter (the answer names the batch taken), and
// the days of supply following each movement — computed by the server, shown by the panel.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSuite, stopSuite } from './support/suite.mjs';
import { openDesk, screenshot } from './support/browser.mjs';

// An expiry date 200 days after today (Beijing): well inside the shelf life, outside the alert window.
function inDays(days) {
  const t = new Date(Date.now() + 8 * 3600e3 + days * 86400e3);
  return t.toISOString().slice(0, 10);
}

describe('the 物资 tab', () => {
  let eoc;
  let browser;
  before(async () => ({ eoc, browser } = await startSuite()));
  after(() => stopSuite({ eoc, browser }));

  test('receive a batch, issue to a shelter, see the days of supply change', async () => {
    const token = eoc.token('duty_officer', { name: '张伟' });
    const page = await openDesk(browser, eoc.baseUrl, { token });
    await page.click('[role=tab][data-tab=stock]');
    const panel = page.locator('#panel-stock');
    await panel.locator('#movement-form').waitFor();

    // Needs of 1,000 people over 3 days, before any stock: no days of supply.
    await panel.locator('#needs-source').selectOption('people');
    await panel.locator('#needs-people').fill('1000');
    await panel.locator('#needs-days').fill('3');
    await panel.locator('[data-action=compute-needs]').click();
    const days = panel.locator('[data-testid=days-drinking_water]');
    await days.waitFor();
    const server = async () => (await eoc.api('GET', '/stock/needs?people=1000&days=3', token)).items
      .find((i) => i.item === 'drinking_water');
    assert.equal((await server()).on_hand, 0);
    assert.equal(await days.textContent(), '0.0');

    // Receive 5,000 L at R01: 1,000 people drink 2,500 L a day (17.5 L a week), so 2.0 days.
    const expires = inDays(200);
    await panel.locator('#movement-kind').selectOption('receive');
    await panel.locator('#movement-warehouse').selectOption('R01');
    await panel.locator('#movement-item').selectOption('drinking_water');
    await panel.locator('#movement-quantity').fill('5000');
    await panel.locator('#movement-batch').fill('W-2026-01');
    await panel.locator('#movement-expires').fill(expires);
    await panel.locator('[data-action=record-movement]').click();
    await panel.locator('[data-testid=on-hand-R01-drinking_water]', { hasText: '5,000' }).waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid=days-drinking_water]')?.textContent === '2.0');
    assert.equal((await server()).days_of_supply, 2);
    await days.scrollIntoViewIfNeeded();
    await screenshot(page, 'stock-received');

    // Issue 2,500 L to a shelter: the answer names the batch, 1.0 day is left.
    await panel.locator('#movement-kind').selectOption('issue');
    await panel.locator('#movement-warehouse').selectOption('R01');
    await panel.locator('#movement-item').selectOption('drinking_water');
    await panel.locator('#movement-quantity').fill('2500');
    await panel.locator('#movement-batch').fill('');
    await panel.locator('#movement-to-kind').selectOption('shelter');
    const shelter = await panel.locator('#movement-to-shelter').inputValue();
    assert.ok(shelter, 'a shelter to issue to');
    await panel.locator('[data-action=record-movement]').click();
    await panel.locator('[data-testid=batches-taken]', { hasText: 'W-2026-01' }).waitFor();
    await panel.locator('[data-testid=on-hand-R01-drinking_water]', { hasText: '2,500' }).waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid=days-drinking_water]')?.textContent === '1.0');
    assert.equal((await server()).days_of_supply, 1);
    const ledger = (await eoc.api('GET', '/stock/ledger?item=drinking_water', token)).entries;
    assert.deepEqual(ledger.map((e) => [e.kind, e.delta, e.batch]), [['receive', 5000, 'W-2026-01'], ['issue', -2500, 'W-2026-01']]);
    assert.equal(ledger[1].counterpart, shelter);
    await days.scrollIntoViewIfNeeded();
    await screenshot(page, 'stock-issued');
    assert.deepEqual(page.errors, []);
  });

  test('the needs of a drill are picked from the list, marked 【演练】, in the words of its report', async () => {
    const token = eoc.token('duty_officer', { name: '张伟' });
    const planned = await eoc.api('POST', '/drills', token, { scenario_id: 'earthquake-yamalik' });
    await eoc.api('POST', `/drills/${encodeURIComponent(planned.id)}/run`, token, { mode: 'simulated', seed: 7 });
    const report = await eoc.api('GET', `/drills/${encodeURIComponent(planned.id)}/report`, token);
    const displaced = planned.impact.earthquake.displaced;
    assert.equal(report.stock_needs.people, displaced);

    const page = await openDesk(browser, eoc.baseUrl, { token });
    await page.click('[role=tab][data-tab=stock]');
    const panel = page.locator('#panel-stock');
    await panel.locator('#needs-source option[value=drill]').waitFor({ state: 'attached' });
    await panel.locator('#needs-source').selectOption('drill');
    await panel.locator('#needs-drill').selectOption(planned.id);
    await panel.locator('#needs-days').fill(String(report.stock_needs.days));
    await panel.locator('[data-action=compute-needs]').click();
    const basis = panel.locator('.needs-basis');
    await basis.waitFor();
    const text = await basis.textContent();
    assert.ok(text.startsWith('【演练】'), text);
    assert.ok(text.includes(displaced.toLocaleString('en-US')), `${text} names ${displaced} people`);
    assert.ok(text.includes(planned.id), text);
    // The sentences under the table are the report's, word for word.
    assert.deepEqual(await panel.locator('.needs-sentences li').allTextContents(), report.stock_needs.sentences);
    await basis.scrollIntoViewIfNeeded();
    await screenshot(page, 'stock-drill-needs');
    assert.deepEqual(page.errors, []);
  });
});
