// A live drill in a real browser: the duty officer plans and starts it, the injects at offset 0
// fire, the committee of the drill acknowledges its notice from its own (phone-sized) screen, the
// desk sees that acknowledgement live, and finishing gives a report. Everything is 【演练】.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSuite, stopSuite } from './support/suite.mjs';
import { openDesk, screenshot } from './support/browser.mjs';

const STAMP = /\d\d-\d\d \d\d:\d\d:\d\d/;

// Accepts the next confirm() and hands back its text.
function acceptNextDialog(page) {
  return new Promise((resolve) => page.once('dialog', async (d) => { await d.accept(); resolve(d.message()); }));
}

describe('live drills on the duty desk', () => {
  let eoc;
  let browser;
  before(async () => ({ eoc, browser } = await startSuite()));
  after(() => stopSuite({ eoc, browser }));

  test('a live drill runs, its committee acknowledges the notice, and finishing gives the report', async () => {
    const officerToken = eoc.token('duty_officer', { name: '张伟' });
    const officer = await openDesk(browser, eoc.baseUrl, { token: officerToken });
    await officer.click('[role=tab][data-tab=drills]');
    const panel = officer.locator('#panel-drills');
    await panel.locator('.scenario-card[data-scenario-id="gas-leak-rescue"] [data-action=plan]').click();
    await panel.locator('[data-testid=drill-state][data-state=planned]').waitFor();
    assert.equal(await panel.locator('[data-testid=drill-state]').textContent(), '【演练】计划中');
    const id = await panel.locator('h3[data-drill-id]').getAttribute('data-drill-id');
    const code = (await eoc.api('GET', `/drills/${encodeURIComponent(id)}`, officerToken)).participants.committees[0].code;

    // Start live: the desk asks first, because real committees and teams get exercise messages.
    const asked = acceptNextDialog(officer);
    await panel.locator('[data-action=start-live]').click();
    assert.match(await asked, /【演练】/);
    await panel.locator('[data-testid=drill-state][data-state=running]').waitFor();
    assert.equal(await panel.locator('[data-testid=drill-state]').textContent(), '【演练】进行中');
    await panel.locator('.message', { hasText: '【演练】演练已开始' }).waitFor();
    assert.match(await panel.locator('[data-testid=drill-started]').textContent(), STAMP);
    assert.match(await panel.locator('[data-testid=drill-warning]').textContent(), /无/, 'gas leak: a notice, no warning');
    for (const seq of [1, 2]) await panel.locator(`.msel tr[data-seq="${seq}"][data-fired=true]`).waitFor();
    assert.match(await panel.locator('.msel tr[data-seq="1"] td').first().textContent(), new RegExp(`^✓ ${STAMP.source}$`));
    assert.equal(await panel.locator('[data-action=start-live]').count(), 0);
    await panel.locator('[data-action=finish]').waitFor();
    await panel.locator(`.drill-acks tr[data-committee="${code}"][data-acked=false]`).waitFor();
    assert.doesNotMatch(await panel.innerText(), /实战/, 'the running drill is never called 实战');
    assert.equal(await officer.locator('.warning-card').count(), 0, 'no warning of the drill among actual ones');
    await screenshot(officer, 'drill-running');

    // The committee opens its screen on a phone after the notice went out, and acknowledges it.
    const committee = await openDesk(browser, eoc.baseUrl, { token: eoc.token('committee', { subject: code, name: '扬子江路值班' }) });
    await committee.setViewportSize({ width: 390, height: 844 });
    const notice = committee.locator(`.drill-notice[data-drill="${id}"]`);
    await notice.waitFor();
    assert.match(await notice.innerText(), /【演练】/);
    await notice.locator('input').fill('已转发至各社区');
    const button = notice.locator('[data-action=drill-ack]');
    assert.equal(await button.textContent(), '确认收到（演练）');
    const box = await button.boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 390, `the button fits a phone: ${JSON.stringify(box)}`);
    await button.click();
    const acked = notice.locator('[data-testid=drill-acked-at]');
    await acked.waitFor();
    assert.match(await acked.textContent(), new RegExp(`已确认收到（演练） ${STAMP.source}：已转发至各社区`));
    assert.ok(await committee.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling');
    assert.doesNotMatch(await committee.locator('body').innerText(), /实战/, 'the committee never reads 实战');
    await screenshot(committee, 'drill-notice-acked-phone');

    // The desk sees the acknowledgement from /events, then finishes the drill.
    await panel.locator(`.drill-acks tr[data-committee="${code}"][data-acked=true]`).waitFor();
    const confirmed = acceptNextDialog(officer);
    await panel.locator('[data-action=finish]').click();
    assert.match(await confirmed, /【演练】/);
    await panel.locator('[data-testid=drill-state][data-state=finished]').waitFor();
    assert.equal(await panel.locator('[data-testid=drill-state]').textContent(), '【演练】已结束');
    assert.equal(await panel.locator('[data-action=finish]').count(), 0);
    assert.doesNotMatch(await panel.innerText(), /实战/);

    const [answer, report] = await Promise.all([
      officer.waitForResponse((r) => new URL(r.url()).pathname === `/drills/${id}/report.html`),
      officer.context().waitForEvent('page'),
      panel.locator('[data-action=report]').click(),
    ]);
    assert.equal(answer.status(), 200);
    await report.waitForURL(/^blob:/);
    assert.match(await report.title(), /【演练】.*演练评估报告/);

    assert.deepEqual(officer.errors, []);
    assert.deepEqual(committee.errors, []);
    await officer.context().close();
    await committee.context().close();
  });
});
