// What needs the desk is heard and seen without a reload: a committee that does not acknowledge a
// warning in time is escalated by the server, and the duty desk gets a banner line, the chime
// (the audio element is played; headless Chromium has nobody to hear it) and the count in the
// tab's title; the line stays, across a reload, until 知道了 is pressed here. A relay draft from
// the upstream CAP feed needs the desk too, and so does a committee's chat channel that refuses
// the warning. A committee's phone never shows any of it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSuite, stopSuite } from './support/suite.mjs';
import { openDesk, screenshot } from './support/browser.mjs';
import { startWeCom } from './support/fake-vendor.mjs';

const COMMITTEE = '650103001'; // 长江路街道
const PHONE = { width: 390, height: 844 };
const beijing = (ms) => `${new Date(ms + 8 * 3600e3).toISOString().slice(0, 19)}+08:00`;
const plays = (page) => page.evaluate(() => Number(document.querySelector('#alert-sound').dataset.plays));

describe('the desk hears what needs it', () => {
  let eoc;
  let browser;
  let officer;
  let approver;
  // Blue warnings are due for acknowledgement after 2 s here (the default is 30 min), so that an
  // escalation happens within the test; nothing else differs from a default eoc.
  before(async () => {
    ({ eoc, browser } = await startSuite({ config: { broadcast: { ack_deadline_blue_seconds: 2 } } }));
    officer = eoc.token('duty_officer', { name: '张伟' });
    approver = eoc.token('approver', { name: '李强' });
  });
  after(() => stopSuite({ eoc, browser }));

  test('an escalation raises the banner, the chime and the title count live; 知道了 clears them, and a reload keeps that', async () => {
    const desk = await openDesk(browser, eoc.baseUrl, { token: officer });
    await desk.locator('#desk-alerts[data-seeded=true]').waitFor({ state: 'attached' });
    assert.equal(await desk.isVisible('#desk-alerts'), false, 'nothing needs the desk yet');
    assert.equal(await desk.title(), '沙依巴克区应急指挥值班台');
    const clerk = await openDesk(browser, eoc.baseUrl, { token: eoc.token('committee', { subject: COMMITTEE, name: '长江路值班' }), viewport: PHONE });

    // An actual blue warning for one committee, drafted and issued by two people through the API;
    // nobody acknowledges it.
    const { id } = await eoc.api('POST', '/warnings', officer, {
      type: 'strong_wind', level: 'blue', status: 'Actual', area: { committees: [COMMITTEE] },
      onset: beijing(Date.now()), expires: beijing(Date.now() + 6 * 3600e3),
    });
    await eoc.api('POST', `/warnings/${encodeURIComponent(id)}/issue`, approver, {});

    const line = desk.locator(`#desk-alerts .desk-alert[data-topic="ack:${id}:${COMMITTEE}"]`);
    await line.waitFor({ timeout: 20000 });
    assert.equal(await line.getAttribute('data-event'), 'escalation.raised');
    assert.match(await line.locator('.what').textContent(), /^长江路街道未在时限内确认大风蓝色预警，已升级/);
    await desk.waitForFunction(() => document.title === '(1) 沙依巴克区应急指挥值班台');
    await desk.waitForFunction(() => Number(document.querySelector('#alert-sound').dataset.plays) >= 1);
    assert.ok(await desk.evaluate(() => document.querySelector('#alert-sound').played.length > 0), 'the chime was played');
    assert.equal(await desk.textContent('#desk-alerts [data-testid=alert-count]'), '1');
    // The server has it open.
    const open = (await eoc.api('GET', '/escalations?open=true', officer)).escalations;
    assert.ok(open.some((e) => e.warning_id === id && e.recipient === COMMITTEE));
    await screenshot(desk, 'desk-alert-escalation');

    // The committee's phone: no banner, no count, no sound.
    assert.equal(await clerk.isVisible('#desk-alerts'), false);
    assert.equal(await clerk.title(), '沙依巴克区应急指挥值班台');
    assert.equal(await plays(clerk), 0);

    // Unacknowledged here, it is still there after a reload: read back from the open escalations.
    await desk.reload();
    await desk.waitForSelector('body[data-ready=true]');
    await line.waitFor();
    await desk.waitForFunction(() => document.title.startsWith('(1) '));

    // The committee acknowledges late: the line says so and is no longer counted, but stays
    // until someone at the desk has seen it.
    await clerk.locator(`.committee-warning[data-warning-id="${id}"] [data-action=warning-ack]`).click();
    await desk.locator(`#desk-alerts .desk-alert[data-topic="ack:${id}:${COMMITTEE}"][data-settled=true]`).waitFor();
    assert.match(await line.textContent(), /已处理/);
    await desk.waitForFunction(() => document.title === '沙依巴克区应急指挥值班台');
    assert.equal(await desk.isVisible('#desk-alerts'), true);

    // 知道了, from the keyboard: Alt+0 goes to it from anywhere.
    await desk.keyboard.press('Alt+4');
    await desk.keyboard.press('Alt+0');
    assert.equal(await desk.evaluate(() => document.activeElement.dataset.action), 'ack-alert');
    await desk.keyboard.press('Enter');
    await desk.locator('#desk-alerts').waitFor({ state: 'hidden' });
    assert.equal(await desk.evaluate(() => document.activeElement.dataset.tab), 'teams', 'the focus goes back to the panels');
    assert.equal(await desk.title(), '沙依巴克区应急指挥值班台');
    // A reload does not bring back what was acknowledged here.
    await desk.reload();
    await desk.waitForSelector('body[data-ready=true]');
    await desk.locator('#desk-alerts[data-seeded=true]').waitFor({ state: 'attached' });
    assert.equal(await desk.isVisible('#desk-alerts'), false);

    assert.deepEqual(desk.errors, []);
    assert.deepEqual(clerk.errors, []);
    await desk.context().close();
    await clerk.context().close();
  });

  test('a relay draft from the upstream CAP feed needs the desk until it is seen', async () => {
    const desk = await openDesk(browser, eoc.baseUrl, { token: approver });
    await desk.locator('#desk-alerts[data-seeded=true]').waitFor({ state: 'attached' });
    const before = await plays(desk);

    // The city observatory's CAP Alert, as its feed sends it, relayed into a draft.
    const now = Date.now();
    const cap = `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>65010000000000_${beijing(now).replace(/\D/g, '').slice(0, 14)}_9</identifier>
  <sender>wlmqqxt</sender>
  <sent>${beijing(now)}</sent>
  <status>Actual</status>
  <msgType>Alert</msgType>
  <scope>Public</scope>
  <info>
    <language>zh-CN</language>
    <category>Met</category>
    <event>暴雨</event>
    <urgency>Immediate</urgency>
    <severity>Severe</severity>
    <certainty>Likely</certainty>
    <eventCode><valueName>CMA</valueName><value>11B03</value></eventCode>
    <onset>${beijing(now)}</onset>
    <expires>${beijing(now + 6 * 3600e3)}</expires>
    <senderName>乌鲁木齐市气象台</senderName>
    <headline>乌鲁木齐市气象台发布暴雨橙色预警</headline>
    <description>预计未来3小时内降雨量将达50毫米以上。</description>
    <parameter><valueName>colour</valueName><value>orange</value></parameter>
    <area>
      <areaDesc>沙依巴克区</areaDesc>
      <polygon>43.78,87.55 43.78,87.60 43.82,87.60 43.82,87.55 43.78,87.55</polygon>
      <geocode><valueName>GB/T 2260</valueName><value>650103</value></geocode>
    </area>
  </info>
</alert>`;
    const res = await fetch(`${eoc.baseUrl}/cap/ingest`, {
      method: 'POST', headers: { Authorization: `Bearer ${officer}`, 'Content-Type': 'application/cap+xml' }, body: cap,
    });
    const ingested = await res.json();
    assert.equal(res.status, 201, JSON.stringify(ingested));
    assert.equal(ingested.outcome, 'drafted');

    const line = desk.locator(`#desk-alerts .desk-alert[data-topic="relay:${ingested.warning_id}"]`);
    await line.waitFor({ timeout: 10000 });
    assert.match(await line.locator('.what').textContent(), /^上游预警待签发：暴雨橙色预警/);
    await desk.waitForFunction(() => /^\(\d+\) /.test(document.title));
    await desk.waitForFunction((n) => Number(document.querySelector('#alert-sound').dataset.plays) > n, before);
    await screenshot(desk, 'desk-alert-relay');

    // 查看预警 takes the desk to the draft; issuing it settles the line.
    await line.locator('[data-action=open-alert]').click();
    const draft = desk.locator(`.warning-card[data-warning-id="${ingested.warning_id}"][data-state=draft]`);
    await draft.waitFor();
    await draft.locator('[data-action=issue]').click();
    await desk.locator(`#desk-alerts .desk-alert[data-topic="relay:${ingested.warning_id}"][data-settled=true]`).waitFor();
    await line.locator('[data-action=ack-alert]').click();
    await line.waitFor({ state: 'detached' });

    assert.deepEqual(desk.errors, []);
    await desk.context().close();
  });
});

describe('a failed channel rings', () => {
  let eoc;
  let browser;
  let wecom;
  let dir;
  // The committee's WeCom robot was set up with another key than the one eoc has: WeCom answers
  // errcode 93000 (invalid webhook URL), which no retry can mend.
  before(async () => {
    wecom = startWeCom({ key: 'k-the-robot' });
    const robot = new URL(await wecom.ready);
    robot.searchParams.set('key', 'k-a-mistyped-key');
    dir = mkdtempSync(path.join(tmpdir(), 'eoc-failed-channel-'));
    const recipients = path.join(dir, 'recipients.json');
    writeFileSync(recipients, JSON.stringify({ recipients: [{ code: COMMITTEE, drills: true, channels: [{ kind: 'wecom', url: robot.href }] }] }));
    ({ eoc, browser } = await startSuite({ config: { broadcast: { recipients_file: recipients } } }));
  });
  after(async () => {
    await stopSuite({ eoc, browser });
    await wecom?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('a chat robot refusing the warning raises the banner, the chime and the title count without a reload', async () => {
    const officer = eoc.token('duty_officer', { name: '张伟' });
    const approver = eoc.token('approver', { name: '李强' });
    const desk = await openDesk(browser, eoc.baseUrl, { token: officer });
    await desk.locator('#desk-alerts[data-seeded=true]').waitFor({ state: 'attached' });
    assert.equal(await desk.isVisible('#desk-alerts'), false, 'nothing needs the desk yet');
    const before = await plays(desk);

    const { id } = await eoc.api('POST', '/warnings', officer, {
      type: 'rainstorm', level: 'yellow', status: 'Actual', area: { committees: [COMMITTEE] },
      onset: beijing(Date.now()), expires: beijing(Date.now() + 6 * 3600e3),
    });
    await eoc.api('POST', `/warnings/${encodeURIComponent(id)}/issue`, approver, {});

    const line = desk.locator(`#desk-alerts .desk-alert[data-topic="channel:${id}:${COMMITTEE}"]`);
    await line.waitFor({ timeout: 20000 });
    assert.equal(await line.getAttribute('data-event'), 'channel.failed');
    assert.match(await line.locator('.what').textContent(), /^长江路街道的企业微信通道被拒收（93000），不再重试，请核对配置/);
    await desk.waitForFunction(() => /^\(\d+\) 沙依巴克区应急指挥值班台$/.test(document.title));
    await desk.waitForFunction((n) => Number(document.querySelector('#alert-sound').dataset.plays) > n, before);
    assert.ok(await desk.evaluate(() => document.querySelector('#alert-sound').played.length > 0), 'the chime was played');
    // The server says the same of that delivery.
    const deliveries = await eoc.api('GET', `/warnings/${encodeURIComponent(id)}/deliveries`, officer);
    const wecomDelivery = deliveries.recipients.find((r) => r.recipient === COMMITTEE)?.channels?.wecom;
    assert.notEqual(wecomDelivery?.state, 'delivered', JSON.stringify(wecomDelivery));
    await screenshot(desk, 'desk-alert-channel-failed');

    // 知道了: the line goes (the escalation the refusal also raised is a line of its own).
    await line.locator('[data-action=ack-alert]').click();
    await line.waitFor({ state: 'detached' });
    assert.deepEqual(desk.errors, []);
    await desk.context().close();
  });
});
