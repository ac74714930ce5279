// The desk from the keyboard alone: log in, reach every panel, plan a drill by picking its
// scenario, edit an MSEL row and run it, set a warning's times, open a map feature — Tab, Enter,
// the arrow keys and the Alt+n shortcuts, never the mouse.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSuite, stopSuite } from './support/suite.mjs';
import { openDesk, screenshot } from './support/browser.mjs';

const TABS = ['duty', 'warnings', 'acks', 'teams', 'plans', 'drills', 'stock', 'history'];

describe('the duty desk from the keyboard alone', () => {
  let eoc;
  let browser;
  before(async () => ({ eoc, browser } = await startSuite()));
  after(() => stopSuite({ eoc, browser }));

  test('login, every panel, a drill planned, edited and run, a warning time set, a map feature opened', async () => {
    const token = eoc.token('duty_officer', { name: '周敏' });
    const page = await openDesk(browser, eoc.baseUrl);
    const active = () => page.evaluate(() => {
      const el = document.activeElement;
      return { id: el?.id, action: el?.dataset?.action, tab: el?.dataset?.tab, scenario: el?.closest('[data-scenario-id]')?.dataset.scenarioId, layer: el?.getAttribute('data-layer') };
    });
    // Tab forward until the focus is where `wanted` says; a bounded number of presses.
    async function tabTo(wanted, what, limit = 120) {
      for (let i = 0; i < limit; i += 1) {
        await page.keyboard.press('Tab');
        if (wanted(await active())) return;
      }
      throw new Error(`Tab never reached ${what}`);
    }

    // Log in.
    await tabTo((a) => a.id === 'login-button', 'the login button');
    await page.keyboard.press('Enter');
    assert.equal((await active()).id, 'login-token');
    await page.keyboard.type(token);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('#login-button').textContent === '退出');

    // Every panel: Alt+1…8 selects it and focuses its tab; Tab goes on into the panel.
    for (const [i, tab] of TABS.entries()) {
      await page.keyboard.press(`Alt+${i + 1}`);
      assert.equal((await active()).tab, tab);
      assert.equal(await page.getAttribute(`#tab-${tab}`, 'aria-selected'), 'true');
      assert.equal(await page.isVisible(`#panel-${tab}`), true);
      await page.keyboard.press('Tab');
      assert.equal((await active()).id, `panel-${tab}`, `Tab from the ${tab} tab enters its panel`);
    }
    // The arrow keys, Home and End move along the tabs (and wrap).
    await page.keyboard.press('Alt+8');
    await page.keyboard.press('ArrowRight');
    assert.equal((await active()).tab, 'duty');
    await page.keyboard.press('End');
    assert.equal((await active()).tab, 'history');
    await page.keyboard.press('Home');
    assert.equal((await active()).tab, 'duty');

    // A drill: pick the scenario, edit the first MSEL row, save with Ctrl+Enter, run it.
    await page.keyboard.press('Alt+6');
    await tabTo((a) => a.scenario === 'fire-evacuation' && a.action === 'plan', 'the fire evacuation scenario');
    await page.keyboard.press('Enter');
    const panel = page.locator('#panel-drills');
    await panel.locator('[data-testid=drill-state][data-state=planned]').waitFor();
    const id = await panel.locator('h3[data-drill-id]').getAttribute('data-drill-id');
    await tabTo((a) => a.action === 'msel-edit', 'an MSEL row');
    await page.keyboard.press('Enter');
    assert.equal((await active()).id, 'msel-offset');
    for (const _ of ['type', 'from', 'to', 'description']) await page.keyboard.press('Tab');
    assert.equal((await active()).id, 'msel-description');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('【演练】情景发布：键盘编辑');
    await page.keyboard.press('Control+Enter');
    await panel.locator('.msel tr[data-seq="1"] td', { hasText: '键盘编辑' }).waitFor();
    assert.equal((await active()).action, 'msel-edit', 'the focus goes back to the row');
    assert.equal((await eoc.api('GET', `/drills/${encodeURIComponent(id)}`, token)).msel[0].description, '【演练】情景发布：键盘编辑');
    // Esc leaves an edit without saving.
    await page.keyboard.press('Enter');
    await page.keyboard.type('9');
    await page.keyboard.press('Escape');
    assert.equal(await panel.locator('.msel-editor').count(), 0);
    assert.equal((await active()).action, 'msel-edit');
    await tabTo((a) => a.action === 'simulate', 'the simulate button');
    await page.keyboard.press('Enter');
    await panel.locator('[data-testid=drill-state][data-state=finished]').waitFor();
    await screenshot(page, 'keyboard-drill-run');

    // A warning's onset: ↑ is an hour later, PgDn a day earlier.
    await page.keyboard.press('Alt+2');
    await tabTo((a) => a.id === 'draft-onset', 'the onset field');
    const at = await page.inputValue('#draft-onset');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('PageDown');
    const moved = await page.inputValue('#draft-onset');
    const ms = (v) => Date.parse(`${v.replace(' ', 'T')}:00+08:00`);
    assert.equal(ms(moved) - ms(at), 3600e3 - 86400e3);

    // The map: the skip link is first, and a shelter opens its details with Enter.
    await page.keyboard.press('Alt+2');
    await page.evaluate(() => document.activeElement.blur());
    await tabTo((a) => a.layer === 'shelters', 'a shelter on the map');
    await page.keyboard.press('Enter');
    await page.locator('.leaflet-popup .popup h3', { hasText: '避难场所' }).waitFor();

    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
});
