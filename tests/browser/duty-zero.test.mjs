// The start of a shift on the 值班 tab, in Chromium against a real eoc: with a level-III incident
// registered (an active response) the day's zero report (零报告) shows due with a red countdown
// and the text eoc drafted; the officer files it and it shows filed. And a handover waiting for
// whoever logs in next opens the 值班 tab on it, whatever tab the screen was on.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSuite, stopSuite } from './support/suite.mjs';
import { repo } from './support/eoc.mjs';
import { login, openDesk, screenshot } from './support/browser.mjs';

// Beijing wall time as text, from epoch milliseconds.
const beijing = (ms) => new Date(ms + 8 * 3600e3).toISOString();
const LEAD_MS = 8 * 60e3; // eoc under the sanitizers and Chromium start first

// This suite's copy of the plans with the zero report's daily time a few minutes from now and no
// minimum run of the response (the shipped rule: 09:00, after a response of 60 minutes), so that
// today's zero report falls due while the test runs.
function plansWithZeroReportSoon(dueMs) {
  const dir = mkdtempSync(path.join(tmpdir(), 'eoc-plans-'));
  cpSync(path.join(repo, 'plans'), dir, { recursive: true });
  const file = path.join(dir, 'reporting-rules.json');
  const rules = JSON.parse(readFileSync(file, 'utf8'));
  rules.zero_report.due = beijing(dueMs).slice(11, 16);
  rules.zero_report.min_active_minutes = 0;
  writeFileSync(file, JSON.stringify(rules));
  return dir;
}

// The Beijing day must not change between now and the daily time (a due time just past midnight
// would be tomorrow's report, not yet to be filed): near midnight, wait (bounded) for the new day.
async function awayFromMidnight() {
  const deadline = Date.now() + 2 * LEAD_MS;
  while (beijing(Date.now()).slice(0, 10) !== beijing(Date.now() + LEAD_MS + 60e3).slice(0, 10)) {
    if (Date.now() > deadline) throw new Error('the Beijing day did not turn');
    await new Promise((r) => setTimeout(r, 1000));
  }
}

describe('the start of a shift on the 值班 tab', () => {
  let eoc;
  let browser;
  let plans;
  let officer;
  let incoming;
  let dueMs;
  before(async () => {
    await awayFromMidnight();
    dueMs = Date.now() + LEAD_MS;
    plans = plansWithZeroReportSoon(dueMs);
    ({ eoc, browser } = await startSuite({ plans }));
    officer = eoc.token('duty_officer', { name: '李娜' });
    incoming = eoc.token('duty_officer', { name: '赵敏' });
  });
  after(async () => {
    await stopSuite({ eoc, browser });
    if (plans) rmSync(plans, { recursive: true, force: true });
  });

  test('a level-III response owes today\'s zero report: due in red, drafted, filed, shown filed', async () => {
    const today = beijing(dueMs).slice(0, 10);
    const none = await eoc.api('GET', '/duty/zero-reports', officer);
    assert.deepEqual(none.due, []); // no response yet: nothing due

    await eoc.api('POST', '/incidents', officer,
      { type: 'gas_leak', location: [87.58, 43.79], level: 'III', note: '某小区燃气泄漏' });
    const desk = await openDesk(browser, eoc.baseUrl, { token: officer });
    await desk.click('[role=tab][data-tab=duty]');
    const zero = desk.locator(`[data-testid=zero-reports] li[data-stage=zero][data-date="${today}"]`);
    await zero.waitFor();
    const countdown = zero.locator('.countdown');
    assert.match(await countdown.textContent(), /还剩/);
    assert.equal(await countdown.evaluate((el) => getComputedStyle(el).color), 'rgb(183, 28, 28)'); // --danger
    await screenshot(desk, 'duty-zero-due');

    await zero.locator('[data-action=draft-zero]').click();
    const text = desk.locator('#report-text');
    await text.waitFor();
    assert.match(await text.inputValue(), /零报告/);
    assert.match(await text.inputValue(), /未发生需报告的新灾情和突发事件/);
    assert.equal(await desk.inputValue('#report-to'), '市应急管理局');
    await desk.click('[data-action=file-report]');
    const filed = desk.locator(`[data-testid=zero-reports] li.met[data-stage=zero][data-date="${today}"]`);
    await filed.waitFor();
    assert.match(await filed.textContent(), /已报/);
    await screenshot(desk, 'duty-zero-filed');

    const view = await eoc.api('GET', '/duty/zero-reports', officer);
    assert.equal(view.filed.length, 1);
    assert.equal(view.filed[0].date, today);
    assert.equal(view.filed[0].author, '李娜');
    assert.deepEqual(desk.errors, []);
  });

  test('a handover waiting opens the 值班 tab on it for whoever logs in next', async () => {
    await eoc.api('POST', '/duty/handover', officer, { notes: '燃气泄漏待续报' });
    // The screen was left on another tab, nobody logged in.
    const next = await openDesk(browser, eoc.baseUrl);
    await next.click('[role=tab][data-tab=warnings]');
    assert.equal(await next.getAttribute('#tab-duty', 'aria-selected'), 'false');
    await login(next, incoming);
    await next.locator('#tab-duty[aria-selected=true]').waitFor();
    const open = next.locator('#panel-duty:not([hidden]) [data-testid=handover-open]');
    await open.waitFor();
    assert.match(await open.textContent(), /李娜/);
    assert.match(await open.textContent(), /燃气泄漏待续报/);
    // The accept button has the focus: Enter takes over.
    await next.locator('[data-action=accept-handover]:focus').waitFor();
    await screenshot(next, 'duty-handover-opens');
    await next.keyboard.press('Enter');
    await next.locator('.message', { hasText: '已接班' }).waitFor();
    assert.deepEqual(next.errors, []);
  });
});
