// Issue 19 on the desk: the signal types in the district's order, the warning history with its
// counts, the printable 预警信息发布单, and a relay draft pulled from an upstream feed that rings
// without a reload. Real eoc, real Chromium; the upstream feed is a small Atom server (RFC 4287)
// on loopback answering conditional GETs (RFC 9110 §13.1.2).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { startSuite, stopSuite } from './support/suite.mjs';
import { openDesk, screenshot, artifacts } from './support/browser.mjs';

const beijing = (ms) => `${new Date(ms + 8 * 3600e3).toISOString().slice(0, 19)}+08:00`;
const plays = (page) => page.evaluate(() => Number(document.querySelector('#alert-sound').dataset.plays));

describe('history, types and bulletin', () => {
  let eoc;
  let browser;
  let officer;
  let approver;
  before(async () => {
    ({ eoc, browser } = await startSuite());
    officer = eoc.token('duty_officer', { name: '张伟' });
    approver = eoc.token('approver', { name: '李强' });
  });
  after(() => stopSuite({ eoc, browser }));

  async function issue(type, level, committees) {
    const { id } = await eoc.api('POST', '/warnings', officer, {
      type, level, status: 'Actual', area: { committees },
      onset: beijing(Date.now()), expires: beijing(Date.now() + 6 * 3600e3),
    });
    await eoc.api('POST', `/warnings/${encodeURIComponent(id)}/issue`, approver, {});
    return id;
  }

  test("the draft form's types start with strong wind, rainstorm, lightning; typhoon is not among them", async () => {
    const desk = await openDesk(browser, eoc.baseUrl, { token: officer });
    await desk.waitForFunction(() => document.querySelector('#draft-type')?.options[0]?.value === 'strong_wind');
    const types = await desk.$$eval('#draft-type > option', (os) => os.map((o) => o.value));
    assert.deepEqual(types.slice(0, 3), ['strong_wind', 'rainstorm', 'lightning']);
    assert.ok(!types.includes('typhoon'), 'typhoon cannot occur in Urumqi');
    assert.deepEqual(await desk.$$eval('#draft-type > option', (os) => os.slice(0, 3).map((o) => o.textContent)), ['大风', '暴雨', '雷电']);
    await screenshot(desk, 'draft-type-order');
    assert.deepEqual(desk.errors, []);
    await desk.context().close();
  });

  test('the history shows an issued and a cancelled warning with counts, and the bulletin prints', async () => {
    const wind = await issue('strong_wind', 'yellow', ['650103001', '650103002']);
    const rain = await issue('rainstorm', 'blue', ['650103001']);
    await eoc.api('POST', `/warnings/${encodeURIComponent(rain)}/cancel`, officer, { reason: '降雨减弱' });

    const desk = await openDesk(browser, eoc.baseUrl, { token: officer });
    await desk.click('#tab-history');
    const issuedRow = desk.locator(`#panel-history tr[data-warning-id="${wind}"]`);
    const cancelledRow = desk.locator(`#panel-history tr[data-warning-id="${rain}"]`);
    await issuedRow.waitFor();
    assert.equal(await issuedRow.getAttribute('data-state'), 'issued');
    assert.equal(await cancelledRow.getAttribute('data-state'), 'cancelled');
    assert.match(await cancelledRow.textContent(), /已解除|解除/);
    // The counts: the total of the list and the annual table (both warnings went out this month).
    const total = await desk.textContent('[data-testid=history-total]');
    assert.match(total, /^共 \d+ 条$/);
    assert.ok(Number(total.match(/\d+/)[0]) >= 2);
    assert.match(await issuedRow.locator('[data-testid=acked]').textContent(), /^0\/2$/);
    const stats = desk.locator('[data-testid=history-stats]');
    await stats.waitFor();
    assert.match(await stats.textContent(), /大风/);
    assert.match(await stats.textContent(), /暴雨/);
    // This Beijing month: one strong wind, yellow; one rainstorm, blue (issued, then cancelled).
    const month = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 7);
    const levels = (type) => stats.locator(`td[data-month="${month}"][data-type="${type}"] .level-count`)
      .evaluateAll((els) => els.map((e) => [e.dataset.level, e.textContent]));
    assert.deepEqual(await levels('strong_wind'), [['yellow', '黄1']]);
    assert.deepEqual(await levels('rainstorm'), [['blue', '蓝1']]);
    // Filtered to cancelled: only the rainstorm.
    await desk.selectOption('#history-state', 'cancelled');
    await desk.click('[data-action=history-search]');
    await desk.waitForFunction((id) => {
      const rows = [...document.querySelectorAll('#panel-history tbody tr[data-warning-id]')];
      return rows.length >= 1 && rows.every((r) => r.dataset.state === 'cancelled') && rows.some((r) => r.dataset.warningId === id);
    }, rain);
    await screenshot(desk, 'warning-history');

    // The bulletin: printable, named, with the CAP identifier; printed to PDF with print media.
    const href = await desk.locator(`#panel-history tr[data-warning-id="${rain}"] [data-action=bulletin]`).getAttribute('href');
    const page = await desk.context().newPage();
    await page.goto(eoc.baseUrl + href);
    assert.match(await page.title(), /暴雨蓝色预警信号 预警信息发布单/);
    const identifier = (await eoc.api('GET', `/warnings/${encodeURIComponent(rain)}`, officer)).messages[0].identifier;
    assert.ok((await page.textContent('body')).includes(identifier));
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.isVisible('.no-print'), false, 'the print button is not printed');
    await screenshot(page, 'warning-bulletin');
    const pdf = await page.pdf({ format: 'A4', path: `${artifacts}/warning-bulletin.pdf` });
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    assert.ok(readFileSync(`${artifacts}/warning-bulletin.pdf`).length > 1000);
    assert.deepEqual(desk.errors, []);
    await desk.context().close();
  });

  test('the history is found by Beijing date and type, typed as YYYY-MM-DD HH:mm on a desk set to another zone', async () => {
    const lightning = await issue('lightning', 'yellow', ['650103003']);
    const today = beijing(Date.now()).slice(0, 10);
    const tomorrow = beijing(Date.now() + 24 * 3600e3).slice(0, 10);
    const desk = await openDesk(browser, eoc.baseUrl, { token: officer, locale: 'en-US', timezoneId: 'America/New_York' });
    await desk.click('#tab-history');
    await desk.locator('#panel-history [data-testid=history-total]').waitFor();
    const search = async ({ from = '', to = '', type = '' }) => {
      await desk.fill('#history-from', from);
      await desk.fill('#history-to', to);
      await desk.selectOption('#history-type', type);
      const answered = desk.waitForResponse((r) => r.url().includes('/warnings?') && r.request().method() === 'GET');
      await desk.click('[data-action=history-search]');
      return answered;
    };
    const rows = () => desk.$$eval('#panel-history tbody tr[data-warning-id]', (trs) => trs.map((tr) => tr.dataset.warningId));

    // Today (Beijing) and lightning: this warning, and no other type.
    let reply = await search({ from: `${today} 00:00`, type: 'lightning' });
    assert.equal(reply.status(), 200);
    assert.equal(new URL(reply.url()).searchParams.get('from'), `${today} 00:00`, 'sent as typed: Beijing time');
    await desk.waitForFunction((id) => [...document.querySelectorAll('#panel-history tbody tr[data-warning-id]')].some((tr) => tr.dataset.warningId === id), lightning);
    const listed = await eoc.api('GET', `/warnings?type=lightning&from=${encodeURIComponent(`${today} 00:00`)}`, officer);
    assert.deepEqual((await rows()).sort(), listed.warnings.map((w) => w.id).sort());
    assert.ok(listed.warnings.every((w) => w.type === 'lightning'));
    assert.equal(await desk.textContent('[data-testid=history-total]'), `共 ${listed.total} 条`);

    // From tomorrow (Beijing): nothing yet.
    reply = await search({ from: `${tomorrow} 00:00`, type: 'lightning' });
    assert.equal(reply.status(), 200);
    await desk.waitForFunction(() => document.querySelector('[data-testid=history-total]').textContent === '共 0 条');
    assert.deepEqual(await rows(), []);

    // What is not a time is refused by the server, and the desk says so.
    reply = await search({ from: '2026-13-01 00:00', type: '' });
    assert.equal(reply.status(), 400);
    await desk.locator('#panel-history p[role=status][data-kind=error]').waitFor();
    assert.match(await desk.textContent('#panel-history p[role=status][data-kind=error]'), /from/);
    assert.deepEqual(await rows(), [], 'no list of an earlier search under a refused one');
    await screenshot(desk, 'warning-history-filtered');
    assert.deepEqual(desk.errors.filter((e) => !/status of 400/.test(e)), []);
    await desk.context().close();
  });
});

describe('a relay draft pulled from the upstream feed rings', () => {
  let eoc;
  let browser;
  let feed = '<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom"><id>urn:test:feed</id><title>市气象台</title><updated>2026-01-01T00:00:00Z</updated></feed>';
  let etag = '"v0"';
  const upstream = createServer((req, res) => {
    if (req.url !== '/atom.xml') { res.writeHead(404).end(); return; }
    if (req.headers['if-none-match'] === etag) { res.writeHead(304, { ETag: etag }).end(); return; }
    res.writeHead(200, { 'Content-Type': 'application/atom+xml', ETag: etag }).end(feed);
  });
  before(async () => {
    await new Promise((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${upstream.address().port}/atom.xml`;
    // The shortest interval the config allows: the draft comes on the next poll after publishing.
    ({ eoc, browser } = await startSuite({ config: { relay: { feeds: [{ url, interval_seconds: 10, name: '市气象台' }] } } }));
  });
  after(async () => {
    await stopSuite({ eoc, browser });
    await new Promise((resolve) => upstream.close(resolve));
  });

  test('the banner, the chime and the title count come without a reload', async () => {
    const officer = eoc.token('duty_officer', { name: '张伟' });
    const desk = await openDesk(browser, eoc.baseUrl, { token: officer });
    await desk.locator('#desk-alerts[data-seeded=true]').waitFor({ state: 'attached' });
    const before = await plays(desk);
    const now = Date.now();
    const identifier = `65010000000000_${beijing(now).replace(/\D/g, '').slice(0, 14)}_7`;
    const cap = `<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>${identifier}</identifier><sender>wlmqqxt</sender>
<sent>${beijing(now)}</sent><status>Actual</status><msgType>Alert</msgType><scope>Public</scope><info><language>zh-CN</language>
<category>Met</category><event>大风</event><urgency>Expected</urgency><severity>Moderate</severity><certainty>Likely</certainty>
<eventCode><valueName>CMA</valueName><value>11B06</value></eventCode><onset>${beijing(now)}</onset><expires>${beijing(now + 6 * 3600e3)}</expires>
<senderName>乌鲁木齐市气象台</senderName><headline>乌鲁木齐市气象台发布大风黄色预警</headline><description>预计未来12小时内平均风力可达8级以上。</description>
<parameter><valueName>colour</valueName><value>yellow</value></parameter>
<area><areaDesc>乌鲁木齐市</areaDesc><geocode><valueName>GB/T 2260</valueName><value>650100</value></geocode></area></info></alert>`;
    feed = `<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom"><id>urn:test:feed</id><title>市气象台</title>
<updated>${beijing(now)}</updated><entry><id>urn:test:${identifier}</id><title>大风黄色预警</title><updated>${beijing(now)}</updated>
<content type="application/cap+xml">${cap}</content></entry></feed>`;
    etag = '"v1"';

    const line = desk.locator('#desk-alerts .desk-alert[data-topic^="relay:"]');
    await line.waitFor({ timeout: 30000 });
    assert.match(await line.locator('.what').textContent(), /^上游预警待签发：大风黄色预警（来自 wlmqqxt）/);
    await desk.waitForFunction(() => /^\(\d+\) /.test(document.title));
    await desk.waitForFunction((n) => Number(document.querySelector('#alert-sound').dataset.plays) > n, before);
    assert.ok(await desk.evaluate(() => document.querySelector('#alert-sound').played.length > 0), 'the chime was played');
    await screenshot(desk, 'desk-alert-relay-pulled');
    const drafts = (await eoc.api('GET', '/warnings?state=draft', officer)).warnings;
    assert.equal(drafts.length, 1);
    assert.equal(drafts[0].upstream?.identifier ?? identifier, identifier);
    assert.equal(drafts[0].area.committees.length, 18, 'a city-wide alert reaches every committee');
    assert.deepEqual(desk.errors, []);
    await desk.context().close();
  });
});
