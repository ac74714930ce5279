// A committee clerk acknowledges from inside the chat message: an actual warning reaches the
// committee's WeCom robot (eoc-fake-vendor, which enforces WeCom's rules), the message carries
// the acknowledgement link, and on a 390 px phone the link's page shows the warning without
// acknowledging it; one tap on 确认收到 does, and the delivery records say so.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startEoc } from './support/eoc.mjs';
import { launch, screenshot } from './support/browser.mjs';
import { startWeCom } from './support/fake-vendor.mjs';

const PHONE = { width: 390, height: 844 };
const COMMITTEE = '650103001';
const beijing = (ms) => `${new Date(ms + 8 * 3600e3).toISOString().slice(0, 19)}+08:00`;

// The message as the robot shows it in the group chat, for the clerks' guide (docs/channels.md):
// the markdown WeCom documents for group robots (headings, **bold**, [text](url) links and
// <font color="info|comment|warning">) as a chat bubble. Plain text stays as it is.
function chatBubble(content) {
  const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const colours = { info: '#2e7d32', comment: '#8a8a8a', warning: '#ef6c00' };
  const line = (text) => escape(text)
    .replace(/&lt;font color="(\w+)"&gt;(.*?)&lt;\/font&gt;/g, (_, c, t) => `<span style="color:${colours[c] || 'inherit'}">${t}</span>`)
    .replace(/\*\*(.+?)\*\*/g, '<b>$1</b>')
    .replace(/\[([^\]]+)\]\((https?:[^)\s]+)\)/g, '<a href="$2">$1</a>')
    .replace(/(^|[\s：:])(https?:\/\/[^\s<]+)/g, '$1<a href="$2">$2</a>') // the chat links a bare address
    .replace(/^#{1,6} (.*)$/, '<b class="heading">$1</b>');
  const body = content.split('\n').map((l) => `<p>${line(l) || '&nbsp;'}</p>`).join('');
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1"><style>
    body{margin:0;background:#ededed;font:15px/1.5 sans-serif;padding:16px 12px}
    .from{color:#888;font-size:12px;margin:0 0 4px 52px}
    .row{display:flex;gap:8px;align-items:flex-start}
    .avatar{flex:none;width:40px;height:40px;border-radius:4px;background:#2f7bf6;color:#fff;display:grid;place-items:center;font-size:13px}
    .bubble{background:#fff;border-radius:6px;padding:8px 12px;max-width:290px;overflow-wrap:anywhere}
    .bubble p{margin:0 0 2px} .heading{font-size:16px} a{color:#2f6fbf}
    </style></head><body><p class="from">沙依巴克区预警（机器人）</p>
    <div class="row"><div class="avatar">预警</div><div class="bubble">${body}</div></div></body></html>`;
}

async function until(what, check, ms = 20000) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100)); // polling an HTTP API with a deadline
  }
}

describe('acknowledgement link from a chat message', () => {
  let eoc;
  let browser;
  let wecom;
  before(async () => {
    wecom = startWeCom();
    const robot = await wecom.ready;
    const dir = (await import('node:fs')).mkdtempSync(path.join((await import('node:os')).tmpdir(), 'eoc-ack-link-'));
    const recipients = path.join(dir, 'recipients.json');
    writeFileSync(recipients, JSON.stringify({ recipients: [{ code: COMMITTEE, drills: true, channels: [{ kind: 'wecom', url: robot }] }] }));
    eoc = await startEoc({ config: { broadcast: { recipients_file: recipients } } });
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await eoc?.stop();
    await wecom?.stop(); // when a failure left it running
  });

  test('GET shows the warning and does not acknowledge; one tap acknowledges', async () => {
    const officer = eoc.token('duty_officer', { name: '张伟' });
    const approver = eoc.token('approver', { name: '李强' });
    const { id } = await eoc.api('POST', '/warnings', officer, {
      type: 'rainstorm', level: 'orange', status: 'Actual', area: { committees: [COMMITTEE] },
      onset: beijing(Date.now()), expires: beijing(Date.now() + 6 * 3600e3),
    });
    await eoc.api('POST', `/warnings/${encodeURIComponent(id)}/issue`, approver, {});
    const deliveries = () => eoc.api('GET', `/warnings/${encodeURIComponent(id)}/deliveries`, officer);
    await until('the WeCom delivery', async () => (await deliveries()).recipients.find((r) => r.recipient === COMMITTEE)?.channels?.wecom?.state === 'delivered');
    const { texts } = await wecom.stop();
    assert.equal(texts.length, 1);
    const link = texts[0].match(/(https?:\/\/[^\s]+\/a\/[A-Za-z0-9_-]{22})/)?.[1];
    assert.ok(link, texts[0]);
    const token = link.split('/a/')[1];

    // What the clerk sees in the group first: the robot's message, its link a tap away.
    const chat = await browser.newContext({ viewport: { width: PHONE.width, height: 560 }, locale: 'zh-CN', isMobile: true });
    const bubble = await chat.newPage();
    await bubble.setContent(chatBubble(texts[0]));
    assert.match(await bubble.locator('.bubble').textContent(), /暴雨/);
    assert.equal(await bubble.locator(`.bubble a[href="${link}"]`).count(), 1, 'the message carries its link');
    await screenshot(bubble, 'wecom-message-phone');
    await chat.close();

    const context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', isMobile: true });
    const page = await context.newPage();
    await page.goto(`${eoc.baseUrl}/a/${token}`);
    await page.locator('#ack', { hasText: '确认收到' }).waitFor();
    assert.match(await page.locator('header h1').textContent(), /暴雨/);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling at 390 px');
    assert.equal((await deliveries()).summary.acked, 0, 'opening the link must not acknowledge');
    await screenshot(page, 'ack-link-phone');

    await page.locator('#ack').click();
    await page.locator('#acked', { hasText: '已确认收到' }).waitFor();
    await screenshot(page, 'ack-link-phone-acked');
    const after = await deliveries();
    assert.equal(after.summary.acked, 1);
    assert.equal(after.recipients.find((r) => r.recipient === COMMITTEE).acked_by, `link:${COMMITTEE}`);
    await context.close();
  });
});
