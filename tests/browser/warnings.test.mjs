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
