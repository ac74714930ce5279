// What every browser suite starts before its tests and stops after them: a real eoc on a fresh
// store and one Chromium.
import { startEoc } from './eoc.mjs';
import { launch } from './browser.mjs';

export async function startSuite(options) {
  const eoc = await startEoc(options);
  return { eoc, browser: await launch() };
}

export async function stopSuite({ eoc, browser }) {
  await browser?.close();
  await eoc?.stop();
}
