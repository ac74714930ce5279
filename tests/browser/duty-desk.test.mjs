// The duty desk's own day in Chromium, on the 值班 tab: import the office's roster as a file, log
// a call from the keyboard, register an incident the desk first learned of 45 minutes ago — its
// phone report shows overdue and the escalation banner appears without a reload — file the report
// from the drafter, hand over, and the incoming officer accepts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSuite, stopSuite } from './support/suite.mjs';
import { openDesk, screenshot } from './support/browser.mjs';

// Beijing time as the desk writes it, from epoch milliseconds.
const beijingDate = (ms) => new Date(ms + 8 * 3600e3).toISOString().slice(0, 10);
const beijingField = (ms) => new Date(ms + 8 * 3600e3).toISOString().slice(0, 16).replace('T', ' ');

describe('the duty desk\'s day', () => {
  let eoc;
  let browser;
  let officer;
  let incoming;
  before(async () => {
    ({ eoc, browser } = await startSuite());
    officer = eoc.token('duty_officer', { name: '李娜' });
    incoming = eoc.token('duty_officer', { name: '赵敏' });
  });
  after(() => stopSuite({ eoc, browser }));

  test('roster, a logged call, an overdue report escalated live and filed, handover and acceptance', async () => {
    const desk = await openDesk(browser, eoc.baseUrl, { token: officer });
    await desk.click('[role=tab][data-tab=duty]');

    // The roster: yesterday, today and tomorrow around the clock (全天 08:00 to 08:00).
    const now = Date.now();
    const days = [-1, 0, 1].map((d) => beijingDate(now + d * 86400e3));
    const csv = ['日期,班次,带班领导,值班员,电话',
      `${days[0]},全天,刘主任,赵敏,13800000003`,
      `${days[1]},全天,张主任,李娜、王强,13800000001、13800000002`,
      `${days[2]},全天,刘主任,赵敏,13800000003`].join('\n');
    await desk.setInputFiles('#roster-file', { name: 'roster.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await desk.click('[data-action=import-roster]');
    await desk.locator('.message', { hasText: '已导入 3 个班次' }).waitFor();
    const leader = await desk.textContent('[data-testid=duty-leader]');
    assert.ok(['张主任', '刘主任'].includes(leader), leader); // before 08:00 yesterday's shift is still on
    await screenshot(desk, 'duty-roster');

    // A call, logged from the keyboard: Ctrl+Enter records it.
    await desk.selectOption('#log-kind', 'call_in');
    await desk.fill('#log-party', '八一街道 王主任');
    await desk.fill('#log-content', '反映某小区有燃气异味');
    await desk.focus('#log-content');
    await desk.keyboard.press('Control+Enter');
    await desk.locator('.log-list li', { hasText: '反映某小区有燃气异味' }).waitFor();

    // An incident first known 45 minutes ago, level III: the phone report (30 min) is overdue.
    await desk.selectOption('#duty-incident-type', 'gas_leak');
    await desk.selectOption('#duty-incident-level', 'III');
    await desk.fill('#duty-incident-known', beijingField(now - 45 * 60e3));
    await desk.fill('#duty-incident-lon', '87.5800');
    await desk.fill('#duty-incident-lat', '43.7900');
    await desk.fill('#duty-incident-note', '某小区燃气泄漏');
    await desk.click('[data-action=create-incident]');
    const phone = desk.locator('li.due[data-channel=phone]');
    await phone.waitFor();
    assert.equal(await phone.getAttribute('data-overdue'), 'true');
    // The escalation arrives by the event stream: no reload.
    const banner = desk.locator('#desk-alerts li[data-event="report.overdue"]');
    await banner.waitFor();
    assert.match(await banner.textContent(), /首报（电话）已超时/);
    await screenshot(desk, 'duty-report-overdue');

    // The report, drafted by eoc and filed as it stands.
    await phone.locator('[data-action=draft-report]').click();
    const text = desk.locator('#report-text');
    await text.waitFor();
    assert.match(await text.inputValue(), /燃气泄漏/);
    await desk.click('[data-action=file-report]');
    await desk.locator('li.due.met[data-channel=phone]').waitFor();
    await desk.locator('#desk-alerts li[data-event="report.overdue"][data-settled=true]').waitFor();
    await screenshot(desk, 'duty-report-filed');

    // Hand over; the incoming officer sees the handover on the 值班 tab and accepts it.
    await desk.fill('#handover-notes', '燃气泄漏待续报');
    await desk.click('[data-action=hand-over]');
    await desk.locator('[data-testid=handover-open]').waitFor();
    const next = await openDesk(browser, eoc.baseUrl, { token: incoming });
    await next.locator('#panel-duty:not([hidden]) [data-action=accept-handover]').waitFor();
    await screenshot(next, 'duty-handover-waiting');
    await next.click('[data-action=accept-handover]');
    await next.locator('.message', { hasText: '已接班' }).waitFor();
    const handovers = await eoc.api('GET', '/duty/handovers', incoming);
    assert.equal(handovers.handovers[0].accepted_by, '赵敏');
    assert.deepEqual(desk.errors, []);
    assert.deepEqual(next.errors, []);
  });
});
