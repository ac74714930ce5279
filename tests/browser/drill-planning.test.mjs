// Planning a drill as one flow, nothing typed but the edit: the scenario library is a list to pick
// from, the plan shows its impact zones on the map and its objectives, one MSEL row is edited and
// saved to the server, a simulated run finishes it and its report opens; the saved drill is then
// in the list of drills.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSuite, stopSuite } from './support/suite.mjs';
import { openDesk, screenshot } from './support/browser.mjs';

const SCENARIO = 'earthquake-yamalik';
const EDITED = '【演练】向参演片区管委会发布演练预警，并电话抽查两个社区';

describe('planning a drill by picking a scenario', () => {
  let eoc;
  let browser;
  before(async () => ({ eoc, browser } = await startSuite()));
  after(() => stopSuite({ eoc, browser }));

  test('pick a scenario, see its zones and objectives, edit one MSEL row, run simulated, open the report', async () => {
    const token = eoc.token('duty_officer', { name: '张伟' });
    const page = await openDesk(browser, eoc.baseUrl, { token });
    await page.click('[role=tab][data-tab=drills]');
    const panel = page.locator('#panel-drills');

    // ① The library as the server has it: every scenario by title, with its type in words.
    const library = (await eoc.api('GET', '/drills/scenarios', token)).scenarios;
    assert.ok(library.length >= 2, 'a library to pick from');
    await panel.locator('.scenario-card').first().waitFor();
    assert.deepEqual(await panel.locator('.scenario-card').evaluateAll((cards) => cards.map((c) => c.dataset.scenarioId)),
      library.map((s) => s.id));
    for (const s of library) {
      assert.equal(await panel.locator(`.scenario-card[data-scenario-id="${s.id}"] h4`).textContent(), s.title);
    }
    const card = panel.locator(`.scenario-card[data-scenario-id="${SCENARIO}"]`);
    assert.equal(await card.locator('.type-chip').textContent(), '地震');
    assert.equal(await panel.locator('input').count(), 0, 'nothing to type to plan a drill');
    assert.match(await panel.locator('.drill-steps li.current').textContent(), /选择情景/);
    await screenshot(page, 'drill-library');

    // ② Planned from the pick.
    await card.locator('[data-action=plan]').click();
    await panel.locator('[data-testid=drill-state][data-state=planned]').waitFor();
    assert.match(await panel.locator('.drill-steps li.current').textContent(), /策划/);
    const id = await panel.locator('h3[data-drill-id]').getAttribute('data-drill-id');
    const planned = await eoc.api('GET', `/drills/${encodeURIComponent(id)}`, token);
    assert.equal(planned.scenario.id, SCENARIO);
    const text = await panel.innerText();
    for (const o of planned.scenario.objectives) assert.ok(text.includes(o.text), `objective ${o.id} shown`);
    for (const c of planned.participants.committees) assert.ok(text.includes(c.name), `committee ${c.name} shown`);
    assert.match(text, new RegExp(`M${planned.scenario.earthquake.magnitude} 地震`));
    // Where it happens, by name: the committee the server locates the epicentre in.
    const [lon, lat] = planned.scenario.location;
    const place = (await eoc.api('GET', `/geo/locate?lon=${lon}&lat=${lat}`)).committee.name;
    await panel.locator('.scenario-facts', { hasText: place }).waitFor();

    // The impact zones are on the map: every feature of the drill's zones collection, by id.
    const zones = await eoc.api('GET', `/collections/${encodeURIComponent(planned.zones_collection)}/items?limit=1000`);
    assert.ok(zones.features.length > 0, 'the plan has impact zones');
    await page.waitForFunction((n) => document.querySelectorAll('#map [data-layer=drill]').length === n, zones.features.length);
    assert.deepEqual(
      (await page.$$eval('#map [data-layer=drill]', (els) => els.map((e) => e.getAttribute('data-id')))).sort(),
      zones.features.map((f) => String(f.id)).sort());
    // and named beside it: the intensity zones by degree.
    const note = await panel.locator('[data-testid=zones-note]').textContent();
    assert.match(note, new RegExp(`地图上 ${zones.features.length} 个影响区`));
    const numeral = { V: 'Ⅴ', VI: 'Ⅵ', VII: 'Ⅶ', VIII: 'Ⅷ', IX: 'Ⅸ', X: 'Ⅹ' };
    for (const f of zones.features) assert.ok(note.includes(`${numeral[f.properties.degree_roman]}度区`), `${f.id} named`);
    await screenshot(page, 'drill-planned');

    // One MSEL row edited: its fields under it, saved to the server, the other rows untouched.
    const seq = 2;
    const before = planned.msel.find((r) => r.seq === seq);
    await panel.locator(`.msel tr[data-seq="${seq}"] [data-action=msel-edit]`).click();
    const editor = panel.locator('.msel-editor-row .msel-editor');
    await editor.waitFor();
    assert.equal(await editor.locator('#msel-description').inputValue(), before.description);
    await editor.locator('#msel-description').fill(EDITED);
    await editor.locator('#msel-expected').fill('各片区管委会确认收到，抽查社区回电');
    await screenshot(page, 'drill-msel-editing');
    await editor.locator('[data-action=msel-save]').click();
    await panel.locator(`.msel tr[data-seq="${seq}"] td`, { hasText: EDITED }).waitFor();
    assert.equal(await panel.locator('.msel-editor').count(), 0, 'the editor closes once saved');
    const saved = await eoc.api('GET', `/drills/${encodeURIComponent(id)}`, token);
    const row = saved.msel.find((r) => r.seq === seq);
    assert.equal(row.description, EDITED);
    assert.equal(row.expected_action, '各片区管委会确认收到，抽查社区回电');
    assert.equal(row.offset_min, before.offset_min);
    assert.equal(row.inject_type, before.inject_type);
    assert.deepEqual(saved.msel.filter((r) => r.seq !== seq), planned.msel.filter((r) => r.seq !== seq));

    // ③ A simulated run, ④ its report.
    await panel.locator('[data-action=simulate]').click();
    await panel.locator('[data-testid=drill-state][data-state=finished]').waitFor();
    assert.match(await panel.locator('.drill-steps li.current').textContent(), /评估报告/);
    assert.equal(await panel.locator('[data-action=msel-edit]').count(), 0, 'a run drill is not edited');
    const [answer, report] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === `/drills/${id}/report.html`),
      page.context().waitForEvent('page'),
      panel.locator('[data-action=report]').click(),
    ]);
    assert.equal(answer.status(), 200);
    await report.waitForURL(/^blob:/);
    assert.match(await report.title(), /【演练】.*演练评估报告/);
    await screenshot(report, 'drill-report');
    await report.close();

    // Back to the list: the drill is there, finished, and opens again from it.
    await panel.locator('[data-action=back-to-drills]').click();
    const listed = panel.locator(`.saved-drill[data-drill-id="${id}"]`);
    await listed.locator('.state-chip[data-state=finished]').waitFor();
    assert.equal(await page.locator('#map [data-layer=drill]').count(), 0, 'no drill on screen, no zones on the map');
    await listed.locator('[data-action=open-drill]').click();
    await panel.locator(`h3[data-drill-id="${id}"]`).waitFor();
    await page.waitForFunction((n) => document.querySelectorAll('#map [data-layer=drill]').length === n, zones.features.length);

    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
});
