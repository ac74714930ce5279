// The dashboard's map, login and layout in a real browser against a real eoc.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSuite, stopSuite } from './support/suite.mjs';
import { openDesk, screenshot } from './support/browser.mjs';
import { teamNearest, zoomOnTeamUntilNamed } from './support/map.mjs';

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
    // A committee label drawn on its office (not moved aside to make room); click through it
    // onto the map itself.
    await page.waitForSelector('#map[data-labels-zoom]');
    const target = await page.$$eval('.committee-label[data-placement=centre]', (labels) => {
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

  test('labels never cover one another; committee names come first, the rest as the desk zooms in', async () => {
    const page = await openDesk(browser, eoc.baseUrl);
    const map = page.locator('#map');
    // Every team is on the map (they come after the layers), and the labels were placed since.
    const teams = (await eoc.api('GET', '/collections/teams/items?limit=1000')).features.length;
    await page.waitForFunction((n) => document.querySelectorAll('#map path[data-layer=teams]').length === n, teams);
    await page.waitForFunction(() => document.querySelectorAll('.team-label').length > 0 && document.querySelector('#map').dataset.labelsZoom !== undefined);

    // Every label shown, as a box; the point markers, as their centres.
    const layout = () => page.evaluate(() => {
      const view = document.querySelector('#map').getBoundingClientRect();
      const within = (r) => r.right > view.left && r.left < view.right && r.bottom > view.top && r.top < view.bottom;
      const labels = [...document.querySelectorAll('.map-label')].map((el) => {
        const r = el.getBoundingClientRect();
        return { kind: el.classList[1], text: el.textContent, shown: el.dataset.placement !== 'hidden', box: { l: r.left, t: r.top, r: r.right, b: r.bottom }, inView: within(r) };
      });
      const centre = (el) => {
        const r = el.getBoundingClientRect();
        return { x: (r.left + r.right) / 2, y: (r.top + r.bottom) / 2 };
      };
      const markers = [...document.querySelectorAll('#map path[data-layer=shelters], #map path[data-layer=teams]')].map(centre);
      return { labels, markers, teams: [...document.querySelectorAll('#map path[data-layer=teams]')].map(centre) };
    });
    const overlapping = (labels) => {
      const shown = labels.filter((l) => l.shown && l.inView);
      const pairs = [];
      for (let i = 0; i < shown.length; i += 1) {
        for (let j = i + 1; j < shown.length; j += 1) {
          const a = shown[i].box;
          const b = shown[j].box;
          if (a.l < b.r && b.l < a.r && a.t < b.b && b.t < a.b) pairs.push(`${shown[i].text} / ${shown[j].text}`);
        }
      }
      return pairs;
    };

    // The whole district: committee names only, none over another.
    const wide = await layout();
    assert.equal(wide.labels.filter((l) => l.kind === 'committee-label').length, 18);
    assert.ok(wide.labels.some((l) => l.kind === 'committee-label' && l.shown), 'committee names at district zoom');
    assert.deepEqual(wide.labels.filter((l) => l.kind !== 'committee-label' && l.shown).map((l) => l.text), [],
      'shelter, hazard and team names wait for a closer zoom');
    assert.deepEqual(overlapping(wide.labels), []);
    await screenshot(page, 'map-labels-district');

    // Zooming in on the dense north-east (on the team nearest the middle of the shelters and
    // teams), a wheel step at a time: still nothing over anything, every committee name in view
    // once there is room (zoom 14), then shelter and team names too — until that team is named.
    // Where the wheel lands depends on the map's size, so the steps go on until the team's own
    // name shows (by zoom 18), not to one fixed zoom.
    const middle = wide.markers.reduce((c, m) => ({ x: c.x + m.x / wide.markers.length, y: c.y + m.y / wide.markers.length }), { x: 0, y: 0 });
    const team = await teamNearest(page, middle);
    const seen = new Set();
    let screenshotTaken = false;
    const named = await zoomOnTeamUntilNamed(page, team, { after: async (zoom) => {
      const close = await layout();
      assert.deepEqual(overlapping(close.labels), [], `zoom ${zoom}`);
      for (const l of close.labels) if (l.shown && l.inView) seen.add(l.kind);
      if (zoom >= 14) {
        const hidden = close.labels.filter((l) => l.kind === 'committee-label' && !l.shown && l.inView).map((l) => l.text);
        assert.deepEqual(hidden, [], `committee names first, at zoom ${zoom}`);
      }
      // A lesser name never hides a shelter or a team.
      for (const l of close.labels.filter((x) => x.shown && x.inView && x.kind !== 'committee-label')) {
        const covered = close.markers.filter((m) => m.x > l.box.l && m.x < l.box.r && m.y > l.box.t && m.y < l.box.b);
        assert.equal(covered.length, 0, `${l.text} covers a marker at zoom ${zoom}`);
      }
      if (zoom >= 14 && !screenshotTaken) { screenshotTaken = true; await screenshot(page, 'map-labels-north-east'); }
    } });
    assert.ok(named !== null, `team ${team.id} named by zoom 18 (zoomed in over it)`);
    for (const kind of ['committee-label', 'shelter-label', 'team-label']) assert.ok(seen.has(kind), `${kind} shown when zoomed in`);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('a team event refreshes the teams without blanking the team names placed on the map', async () => {
    const officer = eoc.token('duty_officer', { name: '张伟' });
    const page = await openDesk(browser, eoc.baseUrl, { token: officer });
    const map = page.locator('#map');
    await page.waitForFunction(() => document.querySelectorAll('.team-label').length > 0 && document.querySelector('#map').dataset.labelsZoom !== undefined);
    // Zoom in over the team nearest the middle of the map until its name is shown.
    const box = await map.boundingBox();
    const marker = await teamNearest(page, { x: box.x + box.width / 2, y: box.y + box.height / 2 });
    assert.ok(await zoomOnTeamUntilNamed(page, marker) !== null, `team ${marker.id} named by zoom 18`);
    const shown = await page.$$eval('.team-label', (els) => els.filter((e) => e.dataset.placement !== 'hidden').map((e) => { e.dataset.probe = 'before'; return e.textContent; }));
    const { teams } = await eoc.api('GET', '/teams', officer);
    const team = teams.find((t) => t.id === marker.id);
    assert.ok(team?.allowed_next?.length, JSON.stringify(team));

    // Its status changes (team.status on /events): the desk refreshes the teams.
    const fill = () => page.$eval(`#map path[data-layer=teams][data-id="${team.id}"]`, (el) => el.getAttribute('fill'));
    const before = await fill();
    await eoc.api('POST', `/teams/${encodeURIComponent(team.id)}/status`, officer, { status: team.allowed_next[0], note: '测试' });
    await page.waitForFunction(([id, colour]) => document.querySelector(`#map path[data-layer=teams][data-id="${id}"]`)?.getAttribute('fill') !== colour, [team.id, before]);
    await page.waitForFunction(() => document.querySelector('#map').dataset.labelsZoom !== undefined);
    // The same name elements, still placed: moved in place, not removed and added again hidden.
    const after = await page.$$eval('.team-label', (els) => els.filter((e) => e.dataset.placement !== 'hidden' && e.dataset.probe === 'before').map((e) => e.textContent));
    assert.deepEqual(after.sort(), [...shown].sort());
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('a Tianditu key in the site config puts its vector map and annotation under the layers', async () => {
    // web/site-config.json is the office's (README, Basemap): served here by interception, and
    // Tianditu's tile servers answered with a blank tile, so that nothing leaves the machine.
    const key = 'k-test-0123456789abcdef';
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    const tiles = [];
    const blank = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
    await context.route('**/static/site-config.json', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify({ basemap: { tianditu_key: key } }) }));
    await context.route(/^https:\/\/t[0-7]\.tianditu\.gov\.cn\//, (route) => { tiles.push(route.request().url()); route.fulfill({ contentType: 'image/png', body: blank }); });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (err) => errors.push(String(err)));
    await page.goto(`${eoc.baseUrl}/`);
    await page.waitForSelector('body[data-ready=true]', { timeout: 20000 });
    await page.waitForFunction(() => document.querySelectorAll('.leaflet-tile-loaded').length > 0);
    assert.ok(tiles.length > 0);
    for (const url of tiles) {
      const u = new URL(url);
      assert.match(u.pathname, /^\/(vec|cva)_w\/wmts$/, url);
      assert.equal(u.searchParams.get('tk'), key, url);
      assert.equal(u.searchParams.get('TILEMATRIXSET'), 'w', url);
      assert.equal(u.searchParams.get('LAYER'), u.pathname.slice(1, 4), url);
    }
    assert.ok(tiles.some((t) => t.includes('/vec_w/')) && tiles.some((t) => t.includes('/cva_w/')), 'the map and its annotation');
    assert.match(await page.textContent('.leaflet-control-attribution'), /天地图/);
    // The layers are drawn over it as without it.
    assert.equal(await page.locator('[data-layer="shelters"]').count(), 27);
    assert.deepEqual(errors, []);
    await context.close();
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
