// Screenshots of the console's pages for the docs (at 1280x800, and at phone width to check
// the narrow layout), taken from a running console, not in any test run: `npm start`, place a
// few orders and a poison record, then
//   CONSOLE_URL=http://localhost:8070 CONSOLE_OPERATOR_TOKEN=<token> \
//     node --import tsx apps/console/scripts/screenshots.ts [out-dir, default docs]
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';

const base = process.env['CONSOLE_URL'] ?? 'http://localhost:8070';
const token = process.env['CONSOLE_OPERATOR_TOKEN'];
const out = process.argv[2] ?? 'docs';
if (!token) throw new Error('Set CONSOLE_OPERATOR_TOKEN to the console operator token (npm start prints it)');

const browser = await puppeteer.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless=new', '--no-sandbox', '--disable-dev-shm-usage'],
});
try {
  for (const [width, height, suffix] of [
    [1280, 800, ''],
    [390, 844, '-phone'],
  ] as const) {
    const page = await browser.newPage();
    await page.setViewport({ width, height });
    await page.goto(base);
    await page.waitForSelector('#orders li');
    await page.screenshot({ path: join(out, `console-live${suffix}.png`) });
    await page.goto(`${base}/login`);
    await page.type('#token', token);
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    // A rate needs two looks: wait for the second refresh.
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll('#members td.num')).some((cell) => cell.textContent?.includes('.')),
    );
    await page.waitForFunction(() => document.getElementById('dlt-status')?.textContent !== '');
    await page.screenshot({ path: join(out, `console-operations${suffix}.png`) });
    if (suffix === '') {
      // The dead letters, one selected and the confirmation open.
      await page.$eval('#letters tbody input[type=checkbox]:not([disabled])', (box) => (box as HTMLInputElement).click());
      await page.click('#replay');
      await page.$eval('#dlt-title', (title) => title.scrollIntoView());
      await page.screenshot({ path: join(out, 'console-dead-letters.png') });
    }
    await page.close();
  }
} finally {
  await browser.close();
}
