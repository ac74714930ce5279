// A committee clerk acknowledges a weather warning from the committee's own screen on a phone:
// the warning (issued through the API by two people) is there to confirm, the acknowledgement
// and its note reach the server's delivery records and survive a reload, a committee outside
// the warning never sees it, and exercise warnings are unmistakably 【演练】.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSuite, stopSuite } from './support/suite.mjs';
import { openDesk, screenshot } from './support/browser.mjs';

const AREA = ['650103001', '650103009']; // 长江路街道, 雅玛里克山街道
const OUTSIDE = '650103003'; // 扬子江路街道: in neither warning's area until its exercise one
const PHONE = { width: 390, height: 844 };
const NOTE = '已转发至各社区';
const beijing = (ms) => `${new Date(ms + 8 * 3600e3).toISOString().slice(0, 19)}+08:00`;
const card = (page, id) => page.locator(`#committee-warnings .committee-warning[data-warning-id="${id}"]`);

async function noSidewaysScrolling(page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

describe('committee acknowledges warnings on its own screen', () => {
  let eoc;
  let browser;
  let officer;
  before(async () => {
    ({ eoc, browser } = await startSuite());
    officer = eoc.token('duty_officer', { name: '张伟' });
  });
  after(() => stopSuite({ eoc, browser }));

  async function draft(status, committees, type = 'rainstorm', level = 'orange') {
    return eoc.api('POST', '/warnings', officer, {
      type, level, status, area: { committees },
      onset: beijing(Date.now()), expires: beijing(Date.now() + 6 * 3600e3),
    });
  }

  test('a clerk confirms an actual warning with a note; the server has it and a reload still shows it', async () => {
    // An actual warning: drafted by the duty officer, issued by a different person.
    const { id } = await draft('Actual', AREA);
    const approver = eoc.token('approver', { name: '李强' });
    await eoc.api('POST', `/warnings/${encodeURIComponent(id)}/issue`, approver, {});

    const clerk = await openDesk(browser, eoc.baseUrl, { token: eoc.token('committee', { subject: AREA[0], name: '长江路值班' }), viewport: PHONE });
    const warning = card(clerk, id);
    await warning.waitFor();
    assert.equal(await warning.getAttribute('data-acked'), 'false');
    assert.match(await clerk.locator('#committee-warnings h2').textContent(), /长江路街道.*待确认 1/);
    // The SMS text comes from the warning itself (GET /warnings/{id}).
    await warning.locator('.sms', { hasText: '【沙依巴克区应急管理局】' }).waitFor();
    const text = await warning.innerText();
    assert.match(text, /暴雨橙色预警/);
    assert.match(text, /橙色 Ⅱ级/);
    assert.match(text, /发布 \d\d-\d\d \d\d:\d\d/);
    assert.doesNotMatch(text, /演练/, 'an actual warning never says 演练');
    assert.equal(await warning.evaluate((el) => el.classList.contains('drill')), false);

    const button = warning.locator('[data-action=warning-ack]');
    assert.equal(await button.textContent(), '确认收到');
    const box = await button.boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= PHONE.width && box.height >= 44, `a thumb-sized button on a phone: ${JSON.stringify(box)}`);
    assert.ok(await noSidewaysScrolling(clerk), 'no sideways scrolling before the acknowledgement');

    await warning.locator('input').fill(NOTE);
    await button.click();
    const acked = warning.locator('[data-testid=warning-acked-at]');
    await acked.waitFor();
    const shownText = await acked.textContent();
    assert.match(shownText, new RegExp(`^✓ 已确认 \\d\\d:\\d\\d:\\d\\d：${NOTE}$`));
    assert.equal(await warning.getAttribute('data-acked'), 'true');
    assert.equal(await button.count(), 0, 'nothing left to press');
    assert.match(await clerk.locator('#committee-warnings .message[role=status]').textContent(), /已确认收到暴雨橙色预警/);
    await clerk.locator('#committee-warnings [data-testid=pending-count]').waitFor({ state: 'detached' });
    assert.ok(await noSidewaysScrolling(clerk), 'no sideways scrolling after the acknowledgement');
    await screenshot(clerk, 'committee-ack-phone');

    // The server's delivery records, as the duty desk reads them.
    const records = await eoc.api('GET', `/warnings/${encodeURIComponent(id)}/deliveries`, officer);
    const mine = records.recipients.find((r) => r.recipient === AREA[0]);
    const other = records.recipients.find((r) => r.recipient === AREA[1]);
    assert.ok(mine.acked_at, 'acknowledged on the server');
    assert.equal(mine.note, NOTE);
    assert.match(mine.acked_by, /长江路值班/);
    assert.equal(other.acked_at, null, 'the other committee has not acknowledged');
    // The time shown is the server's acknowledgement time, in Beijing time.
    assert.match(mine.acked_at, /\+08:00$/);
    assert.equal(shownText, `✓ 已确认 ${mine.acked_at.slice(11, 19)}：${NOTE}`);

    // A reload (same phone, same login) still shows it acknowledged: the state is the server's.
    await clerk.reload();
    await clerk.waitForSelector('body[data-ready=true]');
    await card(clerk, id).locator('[data-testid=warning-acked-at]').waitFor();
    assert.equal(await card(clerk, id).locator('[data-testid=warning-acked-at]').textContent(), shownText);
    assert.equal(await card(clerk, id).locator('[data-action=warning-ack]').count(), 0);

    // The desk's other views are unchanged for a duty officer: no committee list there.
    const desk = await openDesk(browser, eoc.baseUrl, { token: officer });
    await desk.locator(`.warning-card[data-warning-id="${id}"]`).waitFor();
    assert.equal(await desk.isVisible('#committee-warnings'), false);
    assert.equal(await desk.locator('[data-action=warning-ack]').count(), 0);

    assert.deepEqual(clerk.errors, []);
    assert.deepEqual(desk.errors, []);
    await clerk.context().close();
    await desk.context().close();
  });

  test('a committee outside a warning never sees it; its exercise warning appears live, marked 【演练】, and greys out when lifted', async () => {
    const actual = (await eoc.api('GET', '/warnings?active=true', officer)).warnings.find((w) => w.status === 'Actual');
    assert.ok(actual, 'the actual warning of the first test is still in force');
    assert.ok(!actual.area.committees.includes(OUTSIDE));

    const clerk = await openDesk(browser, eoc.baseUrl, { token: eoc.token('committee', { subject: OUTSIDE, name: '扬子江路值班' }), viewport: PHONE });
    await clerk.locator('#committee-warnings .empty').waitFor();
    assert.match(await clerk.locator('#committee-warnings h2').textContent(), /扬子江路街道/);

    // Issued while the clerk's screen is open: it appears from /events, without a reload.
    const { id } = await draft('Exercise', [OUTSIDE], 'blizzard', 'yellow');
    await eoc.api('POST', `/warnings/${encodeURIComponent(id)}/issue`, officer, {});
    const warning = card(clerk, id);
    await warning.waitFor();
    // The list the exercise warning came with also has the actual one: it is not this committee's.
    assert.equal(await card(clerk, actual.id).count(), 0);
    assert.equal(await clerk.locator('#committee-warnings .committee-warning').count(), 1);

    assert.equal(await warning.evaluate((el) => el.classList.contains('drill')), true, 'exercise styling');
    assert.match(await warning.locator('h3').textContent(), /^【演练】暴雪黄色预警/);
    await warning.locator('.sms', { hasText: '【沙依巴克区应急管理局】' }).waitFor();
    assert.match(await warning.locator('.sms').textContent(), /^【演练】/);
    const button = warning.locator('[data-action=warning-ack]');
    assert.equal(await button.textContent(), '确认收到（演练）');
    await button.click();
    await warning.locator('[data-testid=warning-acked-at]').waitFor();
    assert.match(await warning.locator('[data-testid=warning-acked-at]').textContent(), /^✓ 已确认 \d\d:\d\d:\d\d$/);
    assert.match(await clerk.locator('#committee-warnings .message[role=status]').textContent(), /【演练】暴雪黄色预警/);
    const records = await eoc.api('GET', `/warnings/${encodeURIComponent(id)}/deliveries`, officer);
    assert.ok(records.recipients.find((r) => r.recipient === OUTSIDE).acked_at);
    assert.ok(await noSidewaysScrolling(clerk), 'no sideways scrolling');
    await screenshot(clerk, 'committee-ack-exercise-phone');

    // Lifted: greyed out with 已解除, still showing when it was acknowledged.
    await eoc.api('POST', `/warnings/${encodeURIComponent(id)}/cancel`, officer, { reason: '演练结束', false_alarm: false });
    await clerk.locator(`#committee-warnings .committee-warning.ended[data-warning-id="${id}"][data-ended=cancelled]`).waitFor();
    assert.match(await warning.locator('h3').textContent(), /已解除/);
    assert.match(await warning.locator('[data-testid=warning-acked-at]').textContent(), /^✓ 已确认/);

    assert.deepEqual(clerk.errors, []);
    await clerk.context().close();
  });

  test('an unacknowledged warning that is lifted while on screen loses its button', async () => {
    const { id } = await draft('Exercise', [AREA[1]], 'strong_wind', 'blue');
    await eoc.api('POST', `/warnings/${encodeURIComponent(id)}/issue`, officer, {});
    const clerk = await openDesk(browser, eoc.baseUrl, { token: eoc.token('committee', { subject: AREA[1], name: '雅玛里克山值班' }), viewport: PHONE });
    const warning = card(clerk, id);
    await warning.locator('[data-action=warning-ack]').waitFor();
    // The actual warning of the first test reaches this committee too; it comes first.
    assert.equal(await clerk.locator('#committee-warnings .committee-warning').first().getAttribute('data-status'), 'Actual');
    assert.equal(await clerk.locator('#committee-warnings .committee-warning').count(), 2);

    // A warning arriving while a note is being typed does not take the field (and a phone's
    // keyboard) away, nor what was typed.
    const note = warning.locator('input');
    await note.focus();
    await note.pressSequentially('正在通知');
    const next = await draft('Exercise', [AREA[1]], 'heat', 'yellow');
    await eoc.api('POST', `/warnings/${encodeURIComponent(next.id)}/issue`, officer, {});
    await card(clerk, next.id).waitFor();
    assert.equal(await note.inputValue(), '正在通知');
    assert.ok(await note.evaluate((el) => el === document.activeElement), 'the note field keeps the focus');
    await note.pressSequentially('各社区');
    assert.equal(await note.inputValue(), '正在通知各社区');
    await eoc.api('POST', `/warnings/${encodeURIComponent(next.id)}/cancel`, officer, { reason: '演练结束', false_alarm: false });
    await clerk.locator(`#committee-warnings .committee-warning[data-warning-id="${next.id}"][data-ended=cancelled]`).waitFor();

    await eoc.api('POST', `/warnings/${encodeURIComponent(id)}/cancel`, officer, { reason: '演练结束', false_alarm: false });
    await clerk.locator(`#committee-warnings .committee-warning[data-warning-id="${id}"][data-ended=cancelled]`).waitFor();
    assert.equal(await warning.locator('[data-action=warning-ack]').count(), 0);
    const order = await clerk.locator('#committee-warnings .committee-warning').evaluateAll((cards) => cards.map((c) => c.dataset.ended));
    assert.deepEqual(order, ['false', 'cancelled', 'cancelled'], 'the one in force first, lifted ones after it');

    // Opened afterwards, the screen does not bring back what was lifted before it was opened.
    await clerk.reload();
    await clerk.waitForSelector('body[data-ready=true]');
    await clerk.locator('#committee-warnings .committee-warning[data-status=Actual]').waitFor();
    assert.equal(await card(clerk, id).count(), 0);
    assert.equal(await card(clerk, next.id).count(), 0);

    assert.deepEqual(clerk.errors, []);
    await clerk.context().close();
  });
});
