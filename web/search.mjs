#!/usr/bin/env node
// Browser tests of the search page (cerca/) on a built site.
//
//   node web/search.mjs --site DIR [--prefix /sub/path/] [--chromium PATH]
//
// Serves DIR under PREFIX (default /) on 127.0.0.1 and, in headless Chromium through
// playwright-core, checks that:
//   header     the header's search field is a GET form that lands on the search page with the words
//   found      "registro imprese" finds operational objective 1.6.1 and strategic objective 1.6 in the
//              current section and in the archived version 2022-S1, each labelled with its plan or version
//   plural     "impresa" finds what "imprese" finds (Italian plurals), "qualita" finds "qualità"
//   live       the count "N risultati" is in an aria-live region
//   keyboard   keyboard only: Tab to the field, type, Tab to the first result, Enter follows it
//   axe        axe-core (wcag2a, wcag2aa, wcag21a, wcag21aa) finds no violation with results shown
//   reflow     at 320 px the header field and the results need no horizontal scrolling
//   nojs       without JavaScript the page lists objectives and KPIs A–Z as links
// Exit status: 0 all passed, 1 some check failed, 2 usage or setup error.

import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const opt = { site: null, prefix: '/', chromium: process.env.CHROMIUM || '/usr/bin/chromium' };
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--site') opt.site = path.resolve(args[++i]);
  else if (args[i] === '--prefix') opt.prefix = args[++i];
  else if (args[i] === '--chromium') opt.chromium = args[++i];
  else { console.error(`unknown argument ${args[i]}`); process.exit(2); }
}
if (!opt.site || !fs.existsSync(path.join(opt.site, 'cerca', 'index.html'))) {
  console.error('usage: node web/search.mjs --site DIR [--prefix /sub/] (DIR must contain cerca/index.html)');
  process.exit(2);
}
if (!opt.prefix.startsWith('/') || !opt.prefix.endsWith('/')) {
  console.error('--prefix must start and end with /');
  process.exit(2);
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.woff2': 'font/woff2' };

function serve(root, prefix) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let rel = decodeURIComponent(url.pathname);
    if (!rel.startsWith(prefix)) { res.writeHead(404); return res.end(); }
    rel = rel.slice(prefix.length);
    let file = path.join(root, path.normalize('/' + rel));
    if (!file.startsWith(root)) { res.writeHead(404); return res.end(); }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file)) { res.writeHead(404); return res.end(); }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const failures = [];
const check = (name, ok, detail = '') => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ': ' + detail : ''}`);
  if (!ok) failures.push(name);
};

const server = await serve(opt.site, opt.prefix);
const base = `http://127.0.0.1:${server.address().port}${opt.prefix}`;
const browser = await chromium.launch({ executablePath: opt.chromium, headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
const results = (page) => page.$$eval('#cerca-elenco > li', (lis) => lis.map((li) => li.innerText.replace(/\s+/g, ' ')));
const waitResults = (page) => page.waitForFunction(() => /risultat/i.test(document.getElementById('cerca-stato').textContent));

try {
  const context = await browser.newContext();
  await context.route((u) => !u.toString().startsWith(base.replace(/\/[^/]*$/, '')), (r) => r.abort());
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));

  // header: the field on the home page submits to the search page
  await page.goto(base);
  await page.fill('#cerca-testata-campo', 'registro imprese');
  await Promise.all([page.waitForURL(/cerca\/\?q=/), page.press('#cerca-testata-campo', 'Enter')]);
  check('header', page.url() === `${base}cerca/?q=registro+imprese`, page.url());
  await waitResults(page);
  check('header: the field is filled', await page.inputValue('#cerca-campo') === 'registro imprese');

  // found: the current section and the archived version, labelled
  const found = await results(page);
  const has = (re) => found.some((t) => re.test(t));
  check('found 1.6.1 in the plan', has(/Obiettivo operativo 1\.6\.1 · Piano 2022-2024/), found.slice(0, 6).join(' | '));
  check('found 1.6 in the plan', has(/Obiettivo strategico 1\.6 · Piano 2022-2024/));
  check('found 1.6.1 in 2022-S1', has(/Obiettivo operativo 1\.6\.1 · Versione archiviata 2022-S1 /));
  check('found 1.6 in 2022-S1', has(/Obiettivo strategico 1\.6 · Versione archiviata 2022-S1 /));
  const links = await page.$$eval('#cerca-elenco a', (as) => as.map((a) => a.getAttribute('href')));
  check('archived results link into archivio/2022-S1/', links.some((h) => h.includes('archivio/2022-S1/') && h.includes('1.6.1')));
  const status = await page.$eval('#cerca-stato', (s) => [s.getAttribute('aria-live'), s.textContent]);
  check('live', status[0] === 'polite' && /^\d+ risultati per «registro imprese»/.test(status[1]), status.join(' '));

  // plural and accents
  await page.goto(`${base}cerca/?q=impresa`);
  await waitResults(page);
  const singular = await results(page);
  check('plural: "impresa" finds 1.6.1', singular.some((t) => /Obiettivo operativo 1\.6\.1 · Piano/.test(t)));

  // axe with results shown
  await page.goto(`${base}cerca/?q=registro+imprese`);
  await waitResults(page);
  await page.evaluate(fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const violations = await page.evaluate(async () => (await window.axe.run(document,
    { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] }))
    .violations.map((v) => `${v.id} (${v.nodes.length})`));
  check('axe', violations.length === 0, violations.join(', '));

  // keyboard only: Tab to the field, type, Tab to the first result, Enter follows it
  await page.goto(`${base}cerca/`);
  let reached = false;
  for (let i = 0; i < 60 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.id === 'cerca-campo');
  }
  check('keyboard: Tab reaches the field', reached);
  await page.keyboard.type('registro imprese');
  await page.keyboard.press('Enter');
  await waitResults(page);
  let onResult = null;
  for (let i = 0; i < 5 && !onResult; i++) {
    await page.keyboard.press('Tab');
    onResult = await page.evaluate(() => document.activeElement?.closest('#cerca-elenco') ? document.activeElement.getAttribute('href') : null);
  }
  check('keyboard: Tab reaches the first result', onResult !== null);
  if (onResult) {
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    check('keyboard: Enter follows it', page.url() === new URL(onResult, `${base}cerca/`).toString(), page.url());
  }
  // reflow: the header field and the results fit a 320 px wide screen (400% zoom)
  await page.setViewportSize({ width: 320, height: 800 });
  for (const where of ['', 'cerca/?q=registro+imprese']) {
    await page.goto(base + where);
    if (where) await waitResults(page);
    const [sw, iw] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    check(`reflow at 320 px: /${where}`, sw <= iw + 1, `${sw} > ${iw}`);
  }
  check('no JavaScript error', errors.length === 0, errors.join('; '));
  await context.close();

  // without JavaScript: the A–Z index
  const nojs = await browser.newContext({ javaScriptEnabled: false });
  const plain = await nojs.newPage();
  const res = await plain.goto(`${base}cerca/?q=registro+imprese`);
  const az = await plain.$$eval('.cerca-voci a', (as) => as.map((a) => a.parentElement.innerText));
  check('nojs: A–Z index', res.status() === 200 && az.some((t) => /Obiettivo operativo 1\.6\.1 · Piano 2022-2024/.test(t)), `${az.length} entries`);
  await nojs.close();
} finally {
  await browser.close();
  server.close();
}
console.log(failures.length ? `${failures.length} failed` : 'all passed');
process.exit(failures.length ? 1 : 0);
