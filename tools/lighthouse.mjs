// Lighthouse 12.2.3 (mobile: its default emulated phone and throttling) on the built site, in Debian's
// Chromium with SwiftShader's WebGPU, served by tools/static-server.mjs with gzip and the headers of
// public/_headers, as Netlify or Cloudflare Pages would. Prints each page's scores and writes the full reports to lighthouse/ (ignored).
//
//   npm run build && npm run lighthouse            # home and #/vae, the median of 3 runs each
//   npm run lighthouse -- '#/gan' '#/compare'      # other routes
import { mkdir, writeFile } from 'node:fs/promises';
import { launch } from 'chrome-launcher';
import lighthouse from 'lighthouse';
import flags from '../e2e/chromium-args.json' with { type: 'json' };
import { startStaticServer } from './static-server.mjs';

const routes = process.argv.slice(2).length ? process.argv.slice(2) : ['', '#/vae'];
// Lighthouse's own advice: its scores vary from run to run, report the median of several
const RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 3);
// with the COOP/COEP of public/_headers (Netlify, Cloudflare Pages): without them the service worker's one
// reload for isolation would land in the middle of Lighthouse's run
const site = await startStaticServer({ root: 'dist', base: '/', isolate: true });
const chrome = await launch({
  chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  chromeFlags: ['--headless=new', ...flags.swiftshader],
});
await mkdir('lighthouse', { recursive: true });
const rows = [];
/** `x` to `digits` decimals, or undefined where Lighthouse could not measure it. */
const round = (x, digits) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : undefined);
try {
  for (const route of routes) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      const run = await lighthouse(`${site.url}${route}`, {
        port: chrome.port,
        output: 'html',
        onlyCategories: ['performance', 'accessibility', 'best-practices'],
        logLevel: 'error',
      });
      if (!run) throw new Error(`Lighthouse returned nothing for ${route || 'home'}`);
      runs.push(run);
    }
    // the run with the median performance score stands for the page (its report is the one written)
    runs.sort((a, b) => (a.lhr.categories.performance.score ?? 0) - (b.lhr.categories.performance.score ?? 0));
    const result = runs[runs.length >> 1];
    console.log(`  ${route || 'home'}: performance in ${RUNS} runs ${runs.map((r) => r.lhr.categories.performance.score).join(', ')}`);
    const { categories, audits, runtimeError, runWarnings } = result.lhr;
    if (runtimeError) console.log(`  ${route || 'home'}: ${runtimeError.code} ${runtimeError.message}`);
    for (const w of runWarnings) console.log(`  ${route || 'home'}: ${w}`);
    const name = route ? route.replace(/^#\//, '') : 'home';
    await writeFile(`lighthouse/${name}.html`, result.report);
    rows.push({
      page: route || 'home',
      performance: categories.performance.score,
      accessibility: categories.accessibility.score,
      'best practices': categories['best-practices'].score,
      'LCP s': round(audits['largest-contentful-paint'].numericValue / 1000, 2),
      'TBT ms': round(audits['total-blocking-time'].numericValue, 0),
      CLS: round(audits['cumulative-layout-shift'].numericValue, 3),
      'MB fetched': round(audits['total-byte-weight'].numericValue / 1e6, 2),
    });
    const lcp = audits['largest-contentful-paint-element']?.details?.items?.[0]?.items?.[0]?.node;
    if (lcp) console.log(`  ${name} LCP element: ${lcp.nodeLabel} (${lcp.snippet})`);
    for (const [id, cat] of Object.entries(categories)) {
      for (const ref of cat.auditRefs) {
        const audit = audits[ref.id];
        if (ref.weight > 0 && audit.score !== null && audit.score < 1)
          console.log(`  ${name} ${id}: ${ref.id} ${audit.score} ${audit.displayValue ?? ''}`);
      }
    }
  }
} finally {
  await chrome.kill();
  await site.close();
}
console.table(rows);
