// The print check of web/gates.mjs: does a page print legibly on A4 portrait?
//
//   tables     with print media emulated at the printable width of A4 portrait (21 cm less 2 x 1.5 cm
//              of margin = 18 cm), no table wider than that width; no table cell narrower than
//              MIN_CELL_CH characters ("ch" of the cell's own font); no word wrapped inside a cell
//              (one word on two lines: "Ba / sel / ine") and no word overflowing its cell
//   details    the content of every <details> is shown on paper
//   header     the page printed to PDF by Chromium (A4): every sheet carries the page's title
//              (its h1) and the body's name (meta dcterms.publisher), so a loose sheet still says
//              which act and period it belongs to; the text is read with pdftotext (poppler-utils)
// The PDF of a page given as PATH=NAME is kept as ARTIFACTS/pdf/NAME.pdf.

import { execFileSync } from 'node:child_process';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const CSS_PX_PER_MM = 96 / 25.4;
/** Printable width of A4 portrait with the theme's side margins of 1.5 cm, in CSS px. */
export const PRINT_WIDTH_PX = Math.floor((210 - 2 * 15) * CSS_PX_PER_MM);
/** A cell narrower than this many characters of its font is "crushed". */
export const MIN_CELL_CH = 4;

/** pdftotext, or null when poppler-utils is missing. */
export function findPdftotext() {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return 'pdftotext';
  } catch { return null; }
}

// Runs in the page (print media emulated): what does not fit in the tables.
function measureTables({ printWidth, minCh }) {
  const problems = [];
  const describe = (el) => {
    const table = el.closest('table');
    const where = table ? (table.id ? `table#${table.id}` : 'table') : '';
    const text = (el.innerText || '').replace(/\s+/g, ' ').trim().slice(0, 40);
    return `${where} ${el.tagName.toLowerCase()} "${text}"`.trim();
  };
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && el.checkVisibility({ checkVisibilityCSS: true });
  };
  // visually hidden text (1 px boxes for screen readers) is not on paper
  const onPaper = (node) => {
    for (let el = node.parentElement; el; el = el.parentElement) {
      const r = el.getBoundingClientRect();
      if (r.width <= 1 || r.height <= 1) return false;
      if (el.matches('td, th')) return true;
    }
    return true;
  };
  const chOf = (el) => {
    const probe = document.createElement('span');
    probe.textContent = '0'.repeat(10);
    probe.style.cssText = 'position:absolute;visibility:hidden;white-space:nowrap;padding:0;border:0';
    el.appendChild(probe);
    const w = probe.getBoundingClientRect().width / 10;
    probe.remove();
    return w;
  };
  const left = document.documentElement.getBoundingClientRect().left;
  for (const table of document.querySelectorAll('table')) {
    if (!visible(table)) continue;
    const r = table.getBoundingClientRect();
    if (r.right - left > printWidth + 1) {
      problems.push(`table ${table.id ? '#' + table.id : ''} is ${Math.round(r.width)} px wide, `
        + `right edge at ${Math.round(r.right - left)} px > printable width ${printWidth} px`);
    }
    for (const cell of table.querySelectorAll('th, td')) {
      if (!visible(cell)) continue;
      const cs = getComputedStyle(cell);
      const inner = cell.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
      const ch = chOf(cell);
      if (cell.innerText.trim() !== '' && inner < minCh * ch) {
        problems.push(`cell ${describe(cell)} is ${(inner / ch).toFixed(1)}ch wide (< ${minCh}ch)`);
        continue;
      }
      if (cell.scrollWidth > cell.clientWidth + 1) {
        problems.push(`cell ${describe(cell)}: content overflows the cell (${cell.scrollWidth} > ${cell.clientWidth} px)`);
      }
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (!n.data.trim() || !onPaper(n)) continue;
        // a line may end after a hyphen written in the text ("scuola-lavoro"): that is not a broken word
        const re = /[^\s\-\u2010]+/g;
        let m;
        while ((m = re.exec(n.data))) {
          const range = document.createRange();
          range.setStart(n, m.index);
          range.setEnd(n, m.index + m[0].length);
          const tops = new Set([...range.getClientRects()].filter((x) => x.width > 0).map((x) => Math.round(x.top)));
          if (tops.size > 1) {
            problems.push(`cell ${describe(cell)}: the word "${m[0].slice(0, 30)}" is broken over ${tops.size} lines`);
            break;
          }
        }
      }
    }
  }
  for (const d of document.querySelectorAll('details')) {
    if (!d.closest('main') || !d.checkVisibility()) continue;
    for (const child of d.children) {
      if (child.tagName === 'SUMMARY') continue;
      if (!child.checkVisibility({ checkVisibilityCSS: true, contentVisibilityAuto: true })
          || child.getBoundingClientRect().height === 0) {
        problems.push(`details "${(d.querySelector('summary')?.innerText || '').trim().slice(0, 40)}": its content is hidden on paper`);
        break;
      }
    }
  }
  return problems;
}

const squash = (s) => s.normalize('NFC').replace(/\s+/g, '').replace(/[‐-―]/g, '-');

/** Prints the page to PDF and returns, for each sheet, its text (pdftotext). */
async function sheets(page, pdftotext, keepAs) {
  const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
  if (keepAs) {
    await fsp.mkdir(path.dirname(keepAs), { recursive: true });
    await fsp.writeFile(keepAs, pdf);
  }
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'gates-print-'));
  try {
    const file = path.join(dir, 'page.pdf');
    await fsp.writeFile(file, pdf);
    const text = execFileSync(pdftotext, ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    return text.split('\f').slice(0, -1);
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
}

/**
 * Checks how `page` prints; `fail(msg)` is called for each problem. Leaves the page in screen media.
 * `pdfFile`: where to keep the PDF (or null).
 */
export async function checkPrint(page, { pdftotext, pdfFile, fail }) {
  const out = { width: PRINT_WIDTH_PX };
  await page.emulateMedia({ media: 'print' });
  try {
    await page.setViewportSize({ width: PRINT_WIDTH_PX, height: 1100 });
    await page.evaluate(() => document.fonts.ready);
    const problems = await page.evaluate(measureTables, { printWidth: PRINT_WIDTH_PX, minCh: MIN_CELL_CH });
    out.tableProblems = problems.length;
    for (const p of problems.slice(0, 8)) fail(`print@A4: ${p}`);
    if (problems.length > 8) fail(`print@A4: … and ${problems.length - 8} more problem(s) in the tables`);

    const { title, publisher } = await page.evaluate(() => ({
      title: (document.querySelector('h1')?.innerText || document.title).replace(/\s+/g, ' ').trim(),
      publisher: document.querySelector('meta[name="dcterms.publisher"]')?.content || '',
    }));
    const texts = await sheets(page, pdftotext, pdfFile);
    out.sheets = texts.length;
    const missing = [];
    texts.forEach((t, i) => {
      const s = squash(t);
      const lacks = [];
      if (title && !s.includes(squash(title))) lacks.push(`the title "${title.slice(0, 60)}"`);
      if (publisher && !s.includes(squash(publisher))) lacks.push(`the body "${publisher}"`);
      if (lacks.length) missing.push(`sheet ${i + 1} lacks ${lacks.join(' and ')}`);
    });
    if (missing.length) {
      fail(`print@A4: ${missing.length} of ${texts.length} printed sheet(s) do not name the page's act and period: `
        + missing.slice(0, 4).join('; ') + (missing.length > 4 ? '; …' : ''));
    }
  } finally {
    await page.emulateMedia({ media: 'screen' });
  }
  return out;
}
