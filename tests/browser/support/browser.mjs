// Debian's chromium, headless, driven by playwright-core; every page records its console errors
// and uncaught exceptions so that a test can assert there were none.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { repo } from './eoc.mjs';

export const artifacts = path.join(repo, 'tests/browser/artifacts');
mkdirSync(artifacts, { recursive: true });

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
}

// A duty-desk sized page (1366×768, or the viewport given: a phone is 390×844) whose console
// errors land in page.errors. locale and timezoneId: the desk computer's own (the page must not
// depend on them).
export async function openDesk(browser, baseUrl, { token, viewport = { width: 1366, height: 768 }, locale = 'zh-CN', timezoneId } = {}) {
  const context = await browser.newContext({ viewport, locale, timezoneId });
  const page = await context.newPage();
  page.errors = [];
  page.on('console', (msg) => { if (msg.type() === 'error') page.errors.push(msg.text()); });
  page.on('pageerror', (err) => page.errors.push(String(err)));
  await page.goto(`${baseUrl}/`);
  await page.waitForSelector('body[data-ready=true]', { timeout: 20000 });
  if (token) await login(page, token);
  return page;
}

export async function login(page, token) {
  await page.click('#login-button');
  await page.fill('#login-token', token);
  await page.click('#login-submit');
  await page.waitForFunction(() => !document.querySelector('#login-dialog').open);
  await page.waitForFunction(() => document.querySelector('#login-button').textContent === '退出');
}

export async function screenshot(page, name) {
  await page.screenshot({ path: path.join(artifacts, `${name}.png`) });
}
