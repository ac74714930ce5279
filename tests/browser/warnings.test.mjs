// Warnings in a real browser: the two-person rule on screen, and exercise mode looking
// unmistakably different.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSuite, stopSuite } from './support/suite.mjs';
import { openDesk, screenshot } from './support/browser.mjs';

const AREA = ['650103001', '650103009'];

async function draftRainstormOrange(page) {
  await page.selectOption('#draft-type', 'rainstorm');
  await page.check('#draft-form input[name=draft-level][value=orange]');
  for (const code of AREA) await page.check(`#draft-form input[name=committee][value="${code}"]`);
  await page.click('#draft-form button[type=submit]');
}

describe('warnings on the duty desk', () => {
  let eoc;
  let browser;
  before(async () => ({ eoc, browser } = await startSuite()));
  after(() => stopSuite({ eoc, browser }));

  test('an actual warning needs a second person, who sees the author before issuing it', async () => {
    const officer = await openDesk(browser, eoc.baseUrl, { token: eoc.token('duty_officer', { name: '张伟' }) });
    await draftRainstormOrange(officer);
    const draft = officer.locator('.warning-card[data-state=draft]');
    await draft.waitFor();
    assert.match(await draft.locator('[data-testid=needs-approval]').textContent(), /第二人审批.*起草人：张伟/);
    assert.equal(await draft.locator('[data-action=issue]').count(), 0, 'the author is not offered to issue it');
    await screenshot(officer, 'warning-draft-awaiting-approval');

    const approver = await openDesk(browser, eoc.baseUrl, { token: eoc.token('approver', { name: '李强' }) });
    const pending = approver.locator('.warning-card[data-state=draft]');
    await pending.waitFor();
    const issue = pending.locator('[data-action=issue]');
    assert.match(await issue.textContent(), /起草人：张伟/);
    const id = await pending.getAttribute('data-warning-id');
    await issue.click();
    await approver.locator(`.warning-card[data-warning-id="${id}"][data-state=issued]`).waitFor();
    assert.equal(await approver.locator(`[data-layer=warnings][data-id^="${id}/"]`).count(), AREA.length);

    await screenshot(approver, 'warning-issued');

    assert.deepEqual(officer.errors, []);
    assert.deepEqual(approver.errors, []);
    await officer.context().close();
    await approver.context().close();
  });

  test('times are shown and typed as 北京时间 YYYY-MM-DD HH:mm whatever the computer\'s locale and zone, and sent as +08:00', async () => {
    // An English-language computer set to New York time: the page must not care.
    const token = eoc.token('duty_officer', { name: '孙丽' });
    const officer = await openDesk(browser, eoc.baseUrl, { token, locale: 'en-US', timezoneId: 'America/New_York' });
    const shown = await officer.inputValue('#draft-onset');
    assert.match(shown, /^\d{4}-\d\d-\d\d \d\d:\d\d$/);
    const beijingNow = Date.parse(`${shown.replace(' ', 'T')}:00+08:00`);
    assert.ok(Math.abs(beijingNow - Date.now()) < 120e3, `${shown} is the time in Beijing now`);
    assert.equal(await officer.getAttribute('#draft-onset', 'placeholder'), 'YYYY-MM-DD HH:mm');

    // Typed loosely, written back in the one format when the field is left; ↑ steps an hour.
    await officer.fill('#draft-onset', '2030-7-2 9:05');
    await officer.press('#draft-onset', 'Tab');
    assert.equal(await officer.inputValue('#draft-onset'), '2030-07-02 09:05');
    await officer.fill('#draft-expires', '2030-07-02 21:30');
    await officer.press('#draft-expires', 'ArrowUp');
    assert.equal(await officer.inputValue('#draft-expires'), '2030-07-02 22:30');
    await officer.click('#draft-form .time-presets [data-hours="12"]');
    assert.equal(await officer.inputValue('#draft-expires'), '2030-07-02 21:05', '+12 hours after onset');

    // The browser's own format is refused, saying how to write it, and nothing is sent.
    const drafts = async () => (await eoc.api('GET', '/warnings', token)).warnings.filter((w) => w.author === '孙丽').length;
    await officer.fill('#draft-expires', '07/02/2030 10:30 PM');
    await officer.selectOption('#draft-type', 'rainstorm');
    await officer.check(`#draft-form input[name=committee][value="${AREA[0]}"]`);
    await officer.click('#draft-form button[type=submit]');
    assert.match(await officer.textContent('#panel-warnings .message'), /YYYY-MM-DD HH:mm/);
    assert.equal(await officer.evaluate(() => document.activeElement.id), 'draft-expires');
    assert.equal(await drafts(), 0);

    await officer.fill('#draft-expires', '2030-07-02 22:30');
    await officer.click('#draft-form button[type=submit]');
    const card = officer.locator('.warning-card[data-state=draft]');
    await card.waitFor();
    const [w] = (await eoc.api('GET', '/warnings', token)).warnings.filter((x) => x.author === '孙丽');
    assert.equal(w.onset, '2030-07-02T09:05:00+08:00');
    assert.equal(w.expires, '2030-07-02T22:30:00+08:00');
    assert.match(await card.textContent(), /07-02 09:05 至 07-02 22:30/);

    // And back: issued by someone else, its update form shows the server's expiry the same way.
    await eoc.api('POST', `/warnings/${encodeURIComponent(w.id)}/issue`, eoc.token('approver', { name: '李强' }), {});
    const issued = officer.locator(`.warning-card[data-warning-id="${w.id}"][data-state=issued]`);
    await issued.waitFor();
    await issued.locator('[data-action=update]').click();
    assert.equal(await officer.inputValue('#update-expires'), '2030-07-02 22:30');
    await officer.press('#update-expires', 'PageUp');
    await officer.click('#panel-warnings form button[type=submit].primary');
    await officer.locator(`.warning-card[data-warning-id="${w.id}"][data-state=updated]`).waitFor();
    assert.equal((await eoc.api('GET', `/warnings/${encodeURIComponent(w.id)}`, token)).expires, '2030-07-03T22:30:00+08:00');
    await screenshot(officer, 'warning-times-beijing');

    assert.deepEqual(officer.errors, []);
    await officer.context().close();
  });

  test('an exercise warning is drafted and issued under the drill banner and marked 【演练】', async () => {
    const officer = await openDesk(browser, eoc.baseUrl, { token: eoc.token('duty_officer', { name: '赵敏' }) });
    assert.equal(await officer.isVisible('#drill-banner'), false);
    await officer.check('#exercise-mode');
    assert.equal(await officer.isVisible('#drill-banner'), true);
    assert.match(await officer.textContent('#drill-banner'), /【演练】/);
    assert.equal(await officer.inputValue('#draft-status'), 'Exercise');
    await draftRainstormOrange(officer);
    const draft = officer.locator('.warning-card.drill[data-state=draft]');
    await draft.waitFor();
    await draft.locator('[data-action=issue]').click();
    const issued = officer.locator('.warning-card.drill[data-state=issued]');
    await issued.waitFor();
    assert.match(await issued.locator('h3').textContent(), /^【演练】暴雨橙色预警/);
    await screenshot(officer, 'exercise-mode');

    await officer.uncheck('#exercise-mode');
    assert.equal(await officer.isVisible('#drill-banner'), false);
    assert.equal(await officer.locator('.warning-card.drill').count(), 0, 'exercise warnings never share the actual view');
    assert.deepEqual(officer.errors, []);
    await officer.context().close();
  });
});
