#!/usr/bin/env node
// Browser quality gates for a generated static site.
//
//   node web/gates.mjs --site DIR [--all] [PATH[=SHOTNAME] ...] [options]
//
// Serves DIR on http://127.0.0.1:<ephemeral>/ with its own static server, launches Debian's
// /usr/bin/chromium headless through playwright-core (one launch per run), and for every page:
//   http       the page must answer 200
//   axe        axe-core, runOnly wcag2a, wcag2aa, wcag21a, wcag21aa: no violations
//   keyboard   Tab through the page (bounded): every visible a[href] and enabled button gets focus
//   reflow     320x800 and 640x800 (= 1280 px at 200% zoom): no horizontal document scroll
//              (scrollWidth <= innerWidth + 1); content inside .table-responsive may scroll itself
//   network    any request to a host other than 127.0.0.1 is a "third-party request" (and is blocked)
//   cookies    any cookie present after the page ran is a failure
//   resources  same-origin sub-resources answering >= 400 ("broken resource"); uncaught JS errors
//   print      A4 portrait (web/print.mjs): tables fit, no crushed column, no broken word, <details>
//              shown, every printed sheet names the page and the body; only on the pages named on the
//              command line, the kinds of page (--all also reaches archived versions, which keep the
//              theme they were published with)
// Pages given as PATH=NAME also get full-page screenshots ARTIFACTS/screenshots/NAME-1280.png and
// NAME-375.png, and the page printed to PDF as ARTIFACTS/pdf/NAME.pdf. A JSON report goes to ARTIFACTS/gates-report.json.
// Exit status: 0 all pages pass, 1 some check failed, 2 usage/setup error.

import { chromium } from 'playwright-core';
import { checkPrint, findPdftotext } from './print.mjs';
import { createRequire } from 'node:module';
import http from 'node:http';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..');

const USAGE = `usage: node web/gates.mjs --site DIR [--all] [PATH[=SHOTNAME] ...] [options]

  --site DIR          site directory to serve (e.g. public)
  --all               check every *.html file under DIR (dir/index.html is visited as /dir/)
  PATH                URL path to check, e.g. / or /performance/piano/ (may be repeated)
  PATH=SHOTNAME       same, and save ARTIFACTS/screenshots/SHOTNAME-1280.png and SHOTNAME-375.png
                      (and ARTIFACTS/pdf/SHOTNAME.pdf, the page printed on A4)
  --artifacts DIR     where screenshots and gates-report.json go (default: <repo>/artifacts)
  --skip LIST         comma-separated checks to skip: axe,keyboard,reflow,print,network,cookies,resources
  --only LIST         comma-separated checks to run (the others are skipped)
  --jobs N            pages checked in parallel, each in its own browser context (default 1)
  --serve             only run the static server (prints its URL) until interrupted; no checks
  --chromium PATH     browser binary (default /usr/bin/chromium, or $CHROMIUM)
  --max-tabs N        upper bound on Tab presses per page (default 400)
  -q, --quiet         print only failing checks and the summary
  -h, --help          this help

exit status: 0 = all checks passed, 1 = some check failed, 2 = usage or setup error`;

const CHECKS = ['http', 'axe', 'keyboard', 'reflow', 'print', 'network', 'cookies', 'resources'];
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const REFLOW_VIEWPORTS = [
  { label: '320', width: 320, height: 800, what: '320 CSS px' },
  { label: '1280@200%', width: 640, height: 800, what: '1280 px at 200% zoom' },
];
const SHOTS = [
  { suffix: '1280', width: 1280, height: 900 },
  { suffix: '375', width: 375, height: 812 },
];

function die(msg) { console.error(`gates: ${msg}\n\n${USAGE}`); process.exit(2); }

function parseArgs(argv) {
  const o = { site: null, all: false, pages: [], artifacts: path.join(REPO, 'artifacts'), skip: new Set(),
    serve: false, jobs: 1, chromium: process.env.CHROMIUM || '/usr/bin/chromium', maxTabs: 400, quiet: false };
  const val = (i, name) => { if (i + 1 >= argv.length) die(`${name} needs a value`); return argv[i + 1]; };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h' || a === '--help') { console.log(USAGE); process.exit(0); }
    else if (a === '--site') o.site = val(i++, a);
    else if (a === '--all') o.all = true;
    else if (a === '--serve') o.serve = true;
    else if (a === '--artifacts') o.artifacts = path.resolve(val(i++, a));
    else if (a === '--skip') for (const c of val(i++, a).split(',').filter(Boolean)) {
      if (!CHECKS.includes(c)) die(`unknown check in --skip: ${c}`); o.skip.add(c);
    }
    else if (a === '--only') {
      const only = val(i++, a).split(',').filter(Boolean);
      for (const c of only) if (!CHECKS.includes(c)) die(`unknown check in --only: ${c}`);
      for (const c of CHECKS) if (c !== 'http' && !only.includes(c)) o.skip.add(c);
    }
    else if (a === '--jobs') { o.jobs = Number.parseInt(val(i++, a), 10); if (!(o.jobs >= 1)) die('--jobs must be >= 1'); }
    else if (a === '--chromium') o.chromium = val(i++, a);
    else if (a === '--max-tabs') { o.maxTabs = Number.parseInt(val(i++, a), 10); if (!(o.maxTabs >= 1)) die('--max-tabs must be >= 1'); }
    else if (a === '-q' || a === '--quiet') o.quiet = true;
    else if (a.startsWith('-')) die(`unknown option ${a}`);
    else {
      const eq = a.indexOf('=');
      const p = eq < 0 ? a : a.slice(0, eq);
      const shot = eq < 0 ? null : a.slice(eq + 1);
      if (!p.startsWith('/')) die(`page path must start with "/": ${a}`);
      if (shot !== null && !/^[A-Za-z0-9._-]+$/.test(shot)) die(`screenshot name must match [A-Za-z0-9._-]+: ${shot}`);
      o.pages.push({ path: p, shot, named: true });
    }
  }
  if (!o.site) die('--site is required');
  o.site = path.resolve(o.site);
  if (!fs.existsSync(o.site) || !fs.statSync(o.site).isDirectory()) die(`site directory not found: ${o.site}`);
  if (!o.all && !o.serve && o.pages.length === 0) die('give page paths or --all');
  return o;
}

// ---------------------------------------------------------------- static server

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8', '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json', '.xml': 'application/xml; charset=utf-8',
  '.rss': 'application/rss+xml; charset=utf-8', '.atom': 'application/atom+xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8', '.md': 'text/markdown; charset=utf-8', '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif',
  '.webp': 'image/webp', '.avif': 'image/avif', '.ico': 'image/x-icon',
  '.woff': 'font/woff', '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.otf': 'font/otf',
  '.eot': 'application/vnd.ms-fontobject', '.pdf': 'application/pdf', '.zip': 'application/zip',
  '.ods': 'application/vnd.oasis.opendocument.spreadsheet', '.odt': 'application/vnd.oasis.opendocument.text',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.wasm': 'application/wasm', '.pf_meta': 'application/octet-stream',
};

function contentType(file) { return TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream'; }

function startServer(root) {
  const statOrNull = (p) => { try { return fs.statSync(p); } catch { return null; } };
  const send = (req, res, status, file, extraHeaders = {}) => {
    const st = fs.statSync(file);
    res.writeHead(status, { 'Content-Type': contentType(file), 'Content-Length': st.size,
      'Cache-Control': 'no-store', ...extraHeaders });
    if (req.method === 'HEAD') return res.end();
    fs.createReadStream(file).pipe(res);
  };
  const notFound = (req, res) => {
    const f404 = path.join(root, '404.html');
    if (statOrNull(f404)?.isFile()) return send(req, res, 404, f404);
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(req.method === 'HEAD' ? undefined : '404 Not Found\n');
  };
  const server = http.createServer((req, res) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD' }); return res.end();
      }
      const url = new URL(req.url, 'http://127.0.0.1');
      let rel;
      try { rel = decodeURIComponent(url.pathname); } catch { return notFound(req, res); }
      if (rel.includes('\0')) return notFound(req, res);
      const file = path.join(root, path.normalize(rel));
      if (file !== root && !file.startsWith(root + path.sep)) return notFound(req, res);
      const st = statOrNull(file);
      if (st?.isDirectory()) {
        if (!url.pathname.endsWith('/')) { // like GitHub Pages/nginx: /dir -> /dir/
          res.writeHead(301, { Location: url.pathname + '/' + url.search }); return res.end();
        }
        const idx = path.join(file, 'index.html');
        return statOrNull(idx)?.isFile() ? send(req, res, 200, idx) : notFound(req, res);
      }
      if (st?.isFile()) return send(req, res, 200, file);
      return notFound(req, res);
    } catch (e) {
      res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }); res.end(String(e));
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function allHtmlPages(root) {
  const out = [];
  const walk = (dir) => {
    for (const ent of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const abs = path.join(dir, ent.name);
      if (ent.isDirectory()) walk(abs);
      else if (ent.isFile() && /\.html?$/i.test(ent.name)) {
        const rel = path.relative(root, abs).split(path.sep).map(encodeURIComponent).join('/');
        out.push('/' + (ent.name === 'index.html' ? rel.slice(0, -'index.html'.length) : rel));
      }
    }
  };
  walk(root);
  return out;
}

// ---------------------------------------------------------------- in-page helpers (run in the browser)

// Marks every visible a[href] and enabled button with data-gates-kb=<n>; returns their descriptions.
function markKeyboardTargets() {
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    else if (el.classList.length) s += '.' + [...el.classList].slice(0, 2).join('.');
    if (el.hasAttribute('href')) s += `[href="${el.getAttribute('href')}"]`;
    if (el.hasAttribute('tabindex')) s += `[tabindex="${el.getAttribute('tabindex')}"]`;
    const text = (el.innerText || el.getAttribute('aria-label') || el.textContent || '').replace(/\s+/g, ' ').trim();
    return text ? `${s} "${text.slice(0, 60)}"` : s;
  };
  const out = [];
  let n = 0;
  for (const el of document.querySelectorAll('a[href], button')) {
    if (el.tagName === 'BUTTON' && el.disabled) continue;
    if (el.closest('[inert]')) continue;
    const r = el.getBoundingClientRect();
    const visible = (typeof el.checkVisibility === 'function'
      ? el.checkVisibility({ checkVisibilityCSS: true }) : el.offsetParent !== null) && r.width > 0 && r.height > 0;
    if (!visible) continue;
    el.setAttribute('data-gates-kb', String(n));
    out.push({ id: String(n), desc: describe(el) });
    n++;
  }
  if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
  // upper bound for the Tab walk: everything that could take focus, plus slack
  const focusable = document.querySelectorAll('a[href], area[href], button, input, select, textarea, iframe, '
    + 'summary, audio[controls], video[controls], [tabindex], [contenteditable]').length;
  return { targets: out, focusable };
}

// Measures horizontal overflow of the document; lists offending elements outside scroll containers.
function measureReflow() {
  const se = document.scrollingElement || document.documentElement;
  const vw = window.innerWidth;
  const scrollWidth = se.scrollWidth;
  const overflow = scrollWidth > vw + 1;
  const offenders = [];
  let onlyInTableResponsive = false;
  if (overflow) {
    const clipsX = (el) => {
      const ox = getComputedStyle(el).overflowX;
      return ox === 'auto' || ox === 'scroll' || ox === 'hidden' || ox === 'clip';
    };
    const inScroller = (el) => {
      for (let p = el.parentElement; p && p !== document.body && p !== document.documentElement; p = p.parentElement) {
        if (p.classList.contains('table-responsive') || clipsX(p)) return true;
      }
      return false;
    };
    let inTR = 0;
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.right <= vw + 1 && r.left >= -1) continue;
      if (getComputedStyle(el).position === 'fixed') continue;
      if (el.closest('.table-responsive') && el.closest('.table-responsive') !== el) { inTR++; continue; }
      if (inScroller(el)) continue;
      // keep the outermost offenders only
      if (offenders.some((o) => o.el.contains(el))) continue;
      let s = el.tagName.toLowerCase();
      if (el.id) s += '#' + el.id; else if (el.classList.length) s += '.' + [...el.classList].slice(0, 3).join('.');
      offenders.push({ el, desc: `${s} (left ${Math.round(r.left)}, right ${Math.round(r.right)}, width ${Math.round(r.width)})` });
      if (offenders.length >= 5) break;
    }
    onlyInTableResponsive = offenders.length === 0 && inTR > 0;
  }
  return { innerWidth: vw, scrollWidth, overflow, onlyInTableResponsive, offenders: offenders.map((o) => o.desc) };
}

const nextFrames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())));

// ---------------------------------------------------------------- per page

async function checkPage(browser, base, spec, opt, axeSource) {
  const t0 = performance.now();
  const r = { path: spec.path, url: base + spec.path, shot: spec.shot, status: null, failures: [], notes: [],
    timings: {}, screenshots: [] };
  const fail = (check, msg) => r.failures.push({ check, msg });
  const skip = (c) => opt.skip.has(c);
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true,
    locale: 'it-IT', timezoneId: 'Europe/Rome', serviceWorkers: 'block' });
  const thirdParty = [];
  const broken = [];
  const jsErrors = [];
  const isLocal = (u) => {
    try {
      const x = new URL(u);
      if (x.protocol === 'data:' || x.protocol === 'blob:' || x.protocol === 'about:') return true;
      return x.hostname === '127.0.0.1';
    } catch { return true; }
  };
  ctx.on('request', (req) => {
    if (!isLocal(req.url())) thirdParty.push(`${req.method()} ${req.url()} (${req.resourceType()})`);
  });
  // third-party requests are recorded above and never leave the machine
  await ctx.route((u) => !isLocal(u.href), (route) => route.abort('blockedbyclient'));
  try {
    const page = await ctx.newPage();
    page.on('pageerror', (e) => jsErrors.push(String(e.message || e).split('\n')[0]));
    page.on('response', (res) => {
      if (res.status() >= 400 && res.url() !== r.url && res.request().resourceType() !== 'document' && isLocal(res.url()))
        broken.push(`${res.status()} ${res.url().replace(base, '')}`);
    });
    let t = performance.now();
    const resp = await page.goto(r.url, { waitUntil: 'load', timeout: 30000 });
    r.status = resp ? resp.status() : null;
    r.title = await page.title();
    r.timings.load = performance.now() - t;
    if (r.status !== 200) fail('http', `http status ${r.status} for ${spec.path}`);

    if (!skip('axe')) {
      t = performance.now();
      await page.evaluate(axeSource);
      const res = await page.evaluate(async (tags) => {
        const out = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
        return { version: out.testEngine.version, violations: out.violations.map((v) => ({
          id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
          nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: (n.failureSummary || '').split('\n').slice(1, 2).join('').trim() })) })) };
      }, AXE_TAGS);
      r.axeVersion = res.version;
      r.axe = res.violations;
      for (const v of res.violations) {
        const nodes = v.nodes.slice(0, 3).map((n) => n.target + (n.summary ? ` (${n.summary})` : '')).join('; ');
        fail('axe', `axe violation ${v.id} [${v.impact}] ${v.help}: ${v.nodes.length} node(s): ${nodes}${v.nodes.length > 3 ? '; …' : ''}`);
      }
      r.timings.axe = performance.now() - t;
    }

    if (!skip('keyboard')) {
      t = performance.now();
      const { targets, focusable } = await page.evaluate(markKeyboardTargets);
      const want = new Set(targets.map((x) => x.id));
      const reached = new Set();
      let first = null, prev = null, same = 0, presses = 0, trapped = false;
      const limit = Math.min(opt.maxTabs, focusable + 10);
      while (reached.size < want.size && presses < limit) {
        await page.keyboard.press('Tab');
        presses++;
        const cur = await page.evaluate(() => {
          const a = document.activeElement;
          if (!a || a === document.body) return '';
          if (a.hasAttribute('data-gates-kb')) return a.getAttribute('data-gates-kb');
          // other focusable things (inputs, tabindex=0 regions, summary…) get their own id too,
          // so wrap-around and focus-trap detection compare elements, not tag names
          if (!a.hasAttribute('data-gates-other')) {
            window.__gatesOther = (window.__gatesOther || 0) + 1;
            a.setAttribute('data-gates-other', String(window.__gatesOther));
          }
          return `other:${a.getAttribute('data-gates-other')}`;
        });
        if (cur && want.has(cur)) reached.add(cur);
        if (cur && cur === prev) { // Tab did not move focus
          if (++same >= 2) { trapped = true; break; }
          continue;
        }
        same = 0;
        if (cur && first === null) first = cur;
        else if (cur && cur === first) break; // wrapped around to the first element
        prev = cur;
      }
      r.keyboard = { targets: targets.length, reached: reached.size, presses };
      if (presses >= opt.maxTabs && reached.size < want.size) r.notes.push(`keyboard: stopped after --max-tabs ${opt.maxTabs} presses`);
      const missing = targets.filter((x) => !reached.has(x.id));
      if (trapped) fail('keyboard', `keyboard focus trap: Tab does not move focus away from ${
        await page.evaluate(() => { const a = document.activeElement; return a ? a.outerHTML.slice(0, 80) : '?'; })}`);
      if (missing.length) {
        fail('keyboard', `keyboard: ${missing.length} of ${targets.length} link(s)/button(s) unreachable with Tab: `
          + missing.slice(0, 8).map((x) => x.desc).join(', ') + (missing.length > 8 ? ', …' : ''));
      }
      await page.evaluate(() => { document.activeElement?.blur?.(); window.scrollTo(0, 0); });
      r.timings.keyboard = performance.now() - t;
    }

    if (spec.shot) {
      t = performance.now();
      const dir = path.join(opt.artifacts, 'screenshots');
      await fsp.mkdir(dir, { recursive: true });
      const shot = SHOTS[0];
      await page.setViewportSize({ width: shot.width, height: shot.height });
      await page.evaluate(nextFrames);
      const file = path.join(dir, `${spec.shot}-${shot.suffix}.png`);
      await page.screenshot({ path: file, fullPage: true });
      r.screenshots.push(file);
      r.timings.screenshots = performance.now() - t;
    }

    if (!skip('reflow')) {
      t = performance.now();
      r.reflow = [];
      for (const vp of REFLOW_VIEWPORTS) {
        await page.setViewportSize({ width: vp.width, height: vp.height });
        await page.evaluate(nextFrames);
        const m = await page.evaluate(measureReflow);
        r.reflow.push({ viewport: vp.label, ...m });
        if (m.overflow) {
          const why = m.offenders.length ? `; offending: ${m.offenders.join(', ')}`
            : m.onlyInTableResponsive ? '; caused by content inside .table-responsive whose wrapper does not scroll (needs overflow-x:auto)' : '';
          fail('reflow', `reflow@${vp.label}: horizontal overflow at ${vp.what} (viewport ${vp.width}x${vp.height}): `
            + `scrollWidth ${m.scrollWidth} > innerWidth ${m.innerWidth}${why}`);
        }
      }
      r.timings.reflow = performance.now() - t;
    }

    if (spec.shot) {
      t = performance.now();
      const shot = SHOTS[1];
      await page.setViewportSize({ width: shot.width, height: shot.height });
      await page.evaluate(nextFrames);
      const file = path.join(opt.artifacts, 'screenshots', `${spec.shot}-${shot.suffix}.png`);
      await page.screenshot({ path: file, fullPage: true });
      r.screenshots.push(file);
      r.timings.screenshots += performance.now() - t;
    }

    if (!skip('print') && spec.named) {
      t = performance.now();
      r.print = await checkPrint(page, { pdftotext: opt.pdftotext,
        pdfFile: spec.shot ? path.join(opt.artifacts, 'pdf', `${spec.shot}.pdf`) : null,
        fail: (msg) => fail('print', msg) });
      if (spec.shot) r.pdf = path.join(opt.artifacts, 'pdf', `${spec.shot}.pdf`);
      r.timings.print = performance.now() - t;
    }

    if (!skip('network')) for (const x of [...new Set(thirdParty)]) fail('network', `third-party request: ${x}`);
    if (!skip('cookies')) {
      for (const c of await ctx.cookies()) fail('cookies', `cookie set: ${c.name} (domain ${c.domain}, path ${c.path})`);
    }
    if (!skip('resources')) {
      for (const x of [...new Set(broken)]) fail('resources', `broken resource: ${x}`);
      for (const x of [...new Set(jsErrors)]) fail('resources', `uncaught JavaScript error: ${x}`);
    }
  } catch (e) {
    fail('http', `page could not be checked: ${String(e.message || e).split('\n')[0]}`);
  } finally {
    await ctx.close().catch(() => {});
  }
  r.timings.total = performance.now() - t0;
  return r;
}

// ---------------------------------------------------------------- report

const ms = (x) => (x === undefined ? '-' : `${(x / 1000).toFixed(2)} s`);

function printPage(r, opt) {
  const ok = r.failures.length === 0;
  if (opt.quiet && ok) return;
  const lines = [`== ${r.path}  ${ok ? 'PASS' : 'FAIL'}  (${ms(r.timings.total)}; http ${r.status}; title "${r.title ?? ''}")`];
  if (!opt.quiet) {
    const bits = [];
    if (r.axe) bits.push(`axe: ${r.axe.length} violation(s)`);
    if (r.keyboard) bits.push(`keyboard: ${r.keyboard.reached}/${r.keyboard.targets} reachable in ${r.keyboard.presses} Tab(s)`);
    if (r.print) bits.push(`print: ${r.print.sheets} A4 sheet(s), ${r.print.tableProblems} table problem(s)`);
    if (r.reflow) bits.push('reflow: ' + r.reflow.map((m) => `${m.viewport} ${m.scrollWidth}/${m.innerWidth}px`).join(', '));
    if (bits.length) lines.push('   ' + bits.join(' | '));
    for (const s of r.screenshots) lines.push(`   screenshot: ${path.relative(process.cwd(), s) || s}`);
    if (r.pdf) lines.push(`   pdf: ${path.relative(process.cwd(), r.pdf) || r.pdf}`);
  }
  for (const n of r.notes) lines.push(`   note: ${n}`);
  for (const f of r.failures) lines.push(`   FAIL ${r.path} ${f.check}: ${f.msg}`);
  console.log(lines.join('\n'));
}

// ---------------------------------------------------------------- main

async function main() {
  const opt = parseArgs(process.argv.slice(2));
  if (opt.serve) {
    const server = await startServer(opt.site);
    console.log(`gates: serving ${opt.site} at http://127.0.0.1:${server.address().port}/ (Ctrl-C to stop)`);
    const stop = () => server.close(() => process.exit(0));
    process.on('SIGINT', stop); process.on('SIGTERM', stop);
    return;
  }
  const shots = new Map(opt.pages.filter((p) => p.shot).map((p) => [p.path, p.shot]));
  const named = new Set(opt.pages.map((p) => p.path));
  let paths = opt.pages.map((p) => p.path);
  if (opt.all) paths = [...allHtmlPages(opt.site), ...paths];
  paths = [...new Set(paths)];
  const specs = paths.map((p) => ({ path: p, shot: shots.get(p) ?? null, named: named.has(p) }));
  if (specs.length === 0) die(`no html files under ${opt.site}`);
  if (!fs.existsSync(opt.chromium)) {
    console.error(`gates: browser not found at ${opt.chromium}; run scripts/install-test-tools.sh`); process.exit(2);
  }
  if (!opt.skip.has('print') && specs.some((s) => s.named)) {
    opt.pdftotext = findPdftotext();
    if (!opt.pdftotext) {
      console.error('gates: pdftotext (poppler-utils) not found, needed by the print check; run scripts/install-test-tools.sh');
      process.exit(2);
    }
  }
  const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

  const tStart = performance.now();
  const server = await startServer(opt.site);
  const base = `http://127.0.0.1:${server.address().port}`;
  // chromium.launch() starts the browser with a fresh temporary --user-data-dir that playwright
  // creates under os.tmpdir() and deletes on close; every page gets its own incognito-like context.
  let browser;
  try {
    browser = await chromium.launch({ executablePath: opt.chromium, headless: true, args: CHROMIUM_ARGS });
  } catch (e) {
    server.close();
    console.error(`gates: could not launch ${opt.chromium}: ${String(e.message || e).split('\n')[0]}`); process.exit(2);
  }
  const tLaunched = performance.now();
  console.log(`gates: ${specs.length} page(s) from ${opt.site} at ${base}; chromium ${browser.version()}; `
    + `checks: ${CHECKS.filter((c) => !opt.skip.has(c)).join(', ')}`);

  const results = new Array(specs.length);
  let next = 0;
  const worker = async () => {
    while (next < specs.length) {
      const i = next++;
      results[i] = await checkPage(browser, base, specs[i], opt, axeSource);
      printPage(results[i], opt);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(opt.jobs, specs.length) }, worker));
  } finally {
    await browser.close().catch(() => {});
    server.close();
  }
  const tEnd = performance.now();

  const failed = results.filter((r) => r.failures.length);
  const byCheck = {};
  for (const r of failed) for (const c of new Set(r.failures.map((f) => f.check))) byCheck[c] = (byCheck[c] || 0) + 1;
  const pageTime = results.reduce((s, r) => s + r.timings.total, 0);
  await fsp.mkdir(opt.artifacts, { recursive: true });
  const reportFile = path.join(opt.artifacts, 'gates-report.json');
  await fsp.writeFile(reportFile, JSON.stringify({ site: opt.site, axeTags: AXE_TAGS, chromium: browser.version(),
    startupMs: Math.round(tLaunched - tStart), totalMs: Math.round(tEnd - tStart), pages: results }, null, 2) + '\n');
  console.log(`\ngates: ${results.length} page(s), ${failed.length} failed`
    + (failed.length ? ` (pages failing per check: ${Object.entries(byCheck).map(([k, v]) => `${k} ${v}`).join(', ')})` : '')
    + `; browser start ${ms(tLaunched - tStart)}, pages ${ms(pageTime)} (${ms(pageTime / results.length)}/page), `
    + `total ${ms(tEnd - tStart)}; report ${path.relative(process.cwd(), reportFile) || reportFile}`);
  if (failed.length) {
    console.log('gates: FAILED: ' + failed.map((r) => r.path).join(' '));
    process.exitCode = 1;
  } else {
    console.log('gates: all checks passed');
  }
}

main().catch((e) => { console.error(`gates: ${e.stack || e}`); process.exit(2); });
