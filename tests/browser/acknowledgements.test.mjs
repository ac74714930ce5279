// The acknowledgement board in a real browser: 0/N after issue, then a committee acknowledges
// through the API and the board updates from /events without a reload.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSuite, stopSuite } from './support/suite.mjs';
import { openDesk, screenshot } from './support/browser.mjs';

const AREA = ['650103001', '650103009'];
const beijing = (ms) => `${new Date(ms + 8 * 3600e3).toISOString().slice(0, 19)}+08:00`;

describe('acknowledgement board', () => {
  let eoc;
  let browser;
  before(async () => ({ eoc, browser } = await startSuite()));
  after(() => stopSuite({ eoc, browser }));

  test('the board shows 0/N after issue and counts a committee acknowledgement live', async () => {
    const officer = eoc.token('duty_officer', { name: '张伟' });
    const draft = await eoc.api('POST', '/warnings', officer, {
      type: 'rainstorm', level: 'orange', status: 'Actual', area: { committees: AREA },
      onset: beijing(Date.now()), expires: beijing(Date.now() + 6 * 3600e3),
    });
    const id = draft.id;
    const approver = await openDesk(browser, eoc.baseUrl, { token: eoc.token('approver', { name: '李强' }) });
    await approver.locator(`.warning-card[data-warning-id="${id}"] [data-action=issue]`).click();
    await approver.locator(`.warning-card[data-warning-id="${id}"][data-state=issued]`).waitFor();
    await approver.click('[role=tab][data-tab=acks]');
    const count = approver.locator(`.ack-board[data-warning-id="${id}"] [data-testid=ack-count]`);
    await count.waitFor();
    // Delivered ticks come only from GET /warnings/{id}/deliveries (in-app delivery is immediate),
    // so this proves the board read the real delivery records, not just the warning's area.
    for (const code of AREA) {
      await approver.locator(`.ack-board[data-warning-id="${id}"] tr[data-committee="${code}"][data-acked=false] td.done`)
        .waitFor({ timeout: 10000 });
    }
    assert.equal(await count.textContent(), `已确认 0/${AREA.length}`);
    assert.equal(await approver.locator(`.ack-board[data-warning-id="${id}"] tr.silent`).count(), AREA.length);

    const committee = eoc.token('committee', { subject: AREA[0], name: '长江路值班' });
    await eoc.api('POST', `/warnings/${encodeURIComponent(id)}/ack`, committee, { note: '已转发至各社区' });
    await approver.locator(`.ack-board[data-warning-id="${id}"] [data-testid=ack-count][data-acked="1"]`).waitFor({ timeout: 10000 });
    assert.equal(await count.textContent(), `已确认 1/${AREA.length}`);
    assert.equal(await approver.locator(`.ack-board[data-warning-id="${id}"] tr[data-committee="${AREA[0]}"][data-acked=true]`).count(), 1);
    await screenshot(approver, 'ack-board');

    assert.deepEqual(approver.errors, []);
    await approver.context().close();
  });
});
