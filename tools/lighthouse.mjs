// Lighthouse 12.2.3 (mobile: its default emulated phone and throttling) on the built site, in Debian's
// Chromium with SwiftShader's WebGPU, served by tools/static-server.mjs with gzip and no special headers,
// as a static host would. Prints each page's scores and writes the full reports to lighthouse/ (ignored).
//
//   npm run build && npm run lighthouse            # home and #/vae
//   npm run lighthouse -- '#/gan' '#/compare'      # other routes
import { mkdir, writeFile } from 'node:fs/promises';
import { launch } from 'chrome-launcher';
import lighthouse from 'lighthouse';
import flags from '../e2e/chromium-args.json' with { type: 'json' };
import { startStaticServer } from './static-server.mjs';

const routes = process.argv.slice(2).length ? process.argv.slice(2) : ['', '#/vae'];
const site = await startStaticServer({ root: 'dist', base: '/' });
const chrome = await launch({
  chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  chromeFlags: ['--headless=new', ...flags.swiftshader],
});
await mkdir('lighthouse', { recursive: true });
const rows = [];
try {
  for (const route of routes) {
    const result = await lighthouse(`${site.url}${route}`, {
      port: chrome.port,
      output: 'html',
      onlyCategories: ['performance', 'accessibility', 'best-practices'],
      logLevel: 'error',
    });
    if (!result) throw new Error(`Lighthouse returned nothing for ${route || 'home'}`);
    const { categories, audits } = result.lhr;
    const name = route ? route.replace(/^#\//, '') : 'home';
    await writeFile(`lighthouse/${name}.html`, result.report);
    rows.push({
      page: route || 'home',
      performance: categories.performance.score,
      accessibility: categories.accessibility.score,
      'best practices': categories['best-practices'].score,
      'LCP s': Number((audits['largest-contentful-paint'].numericValue / 1000).toFixed(2)),
      'TBT ms': Math.round(audits['total-blocking-time'].numericValue),
      CLS: Number(audits['cumulative-layout-shift'].numericValue.toFixed(3)),
      'MB fetched': Number((audits['total-byte-weight'].numericValue / 1e6).toFixed(2)),
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
