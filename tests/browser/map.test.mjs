// The dashboard's map, login and layout in a real browser against a real eoc.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSuite, stopSuite } from './support/suite.mjs';
import { openDesk, screenshot } from './support/browser.mjs';

describe('duty-desk map', () => {
  let eoc;
  let browser;
  before(async () => ({ eoc, browser } = await startSuite()));
  after(() => stopSuite({ eoc, browser }));

  test('the map draws the 27 shelters of the shelters layer, each named by layer and id', async () => {
    const page = await openDesk(browser, eoc.baseUrl);
    const served = await eoc.api('GET', '/collections/shelters/items?limit=1000');
    const ids = await page.$$eval('[data-layer="shelters"]', (els) => els.map((e) => e.getAttribute('data-id')));
    assert.equal(ids.length, 27);
    assert.deepEqual([...ids].sort(), served.features.map((f) => String(f.id)).sort());
    await screenshot(page, 'map-1366x768');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('the page is Chinese, shows Beijing time with its offset, and every drawn feature names its layer', async () => {
    const page = await openDesk(browser, eoc.baseUrl);
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    assert.match(await page.textContent('#clock'), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d 北京时间 \(UTC\+08:00\)$/);
    const unnamed = await page.$$eval('#map path, #map .leaflet-interactive', (els) =>
      els.filter((e) => !e.getAttribute('data-layer') || !e.getAttribute('data-id')).length);
    assert.equal(unnamed, 0);
    const layers = await page.$$eval('[data-layer]', (els) => [...new Set(els.map((e) => e.getAttribute('data-layer')))].sort());
    for (const layer of ['boundary', 'committees', 'shelters', 'waterlogging', 'geohazards']) assert.ok(layers.includes(layer), layer);
    assert.equal(await page.locator('[data-layer="committees"]').count(), 18);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('a layer toggle hides its features and brings them back, from the keyboard', async () => {
    const page = await openDesk(browser, eoc.baseUrl);
    const toggle = page.locator('input[data-toggle="shelters"]');
    await toggle.focus();
    await page.keyboard.press('Space');
    assert.equal(await page.locator('[data-layer="shelters"]').count(), 0);
    assert.equal(await page.locator('[data-layer="waterlogging"]').count(), 6);
    await page.keyboard.press('Space');
    assert.equal(await page.locator('[data-layer="shelters"]').count(), 27);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('clicking the map names the committee at that point and the nearest open shelter', async () => {
    const page = await openDesk(browser, eoc.baseUrl);
    // A committee label sits on its office; click through it onto the map itself.
    const target = await page.$$eval('.committee-label', (labels) => {
      for (const label of labels) {
        const r = label.getBoundingClientRect();
        const x = r.left + r.width / 2;
        const y = r.top + r.height / 2;
        const hit = document.elementFromPoint(x, y);
        if (hit && !hit.closest('[data-layer]') && hit.closest('#map')) return { x, y, name: label.textContent };
      }
      return null;
    });
    assert.ok(target, 'some committee office is clear of markers');
    await page.mouse.click(target.x, target.y);
    const popup = page.locator('[data-testid="locate-result"]');
    await popup.locator('dl').waitFor();
    const text = await popup.textContent();
    assert.ok(text.includes(target.name), `${text} names ${target.name}`);
    assert.match(text, /最近开放避难场所.*（\d+ m）/);
    await screenshot(page, 'locate');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('login shows who is at the desk, and the page offers only what the role may do', async () => {
    const paths = await eoc.paths();
    const viewer = await openDesk(browser, eoc.baseUrl, { token: eoc.token('viewer', { name: '王芳' }) });
    assert.match(await viewer.textContent('#who'), /王芳 · 只读/);
    assert.equal(await viewer.locator('#draft-form').count(), 0);
    assert.deepEqual(viewer.errors, []);
    await viewer.context().close();

    const officer = await openDesk(browser, eoc.baseUrl, { token: eoc.token('duty_officer', { name: '张伟' }) });
    assert.match(await officer.textContent('#who'), /张伟 · 值班员/);
    if (paths.includes('/warnings')) assert.equal(await officer.locator('#draft-form').count(), 1);
    else assert.match(await officer.textContent('#panel-warnings'), /暂不可用/);
    await screenshot(officer, 'duty-officer');
    assert.deepEqual(officer.errors, []);
    await officer.context().close();
  });

  test('panels whose API the server lacks say so instead of failing', async () => {
    const page = await openDesk(browser, eoc.baseUrl);
    const paths = await eoc.paths();
    for (const [tab, path] of [['plans', '/plans'], ['drills', '/drills']]) {
      await page.click(`[role=tab][data-tab=${tab}]`);
      const text = await page.textContent(`#panel-${tab}`);
      if (paths.includes(path)) assert.doesNotMatch(text, /暂不可用/, tab);
      else assert.match(text, /暂不可用/, tab);
    }
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
});
