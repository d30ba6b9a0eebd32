// Screenshot test of the web UI's layout: each main view (start, search results, CQL concordance, reader,
// Analyse, a browse page) at 1400×900 and at 800×900, in headless Chromium (playwright-core, the system's
// chromium) against tests/mock-server.mjs (fixed data, so the pictures are deterministic), compared with
// the reference PNGs in tests/screenshots/ by pixelmatch: a view fails when more than MAX_DIFF of its pixels
// differ (anti-aliasing and font hinting move a few), so a layout change fails CI.
//   node tests/screenshots.mjs            compare (needs web/dist: scripts/build-web)
//   node tests/screenshots.mjs --update   write the references again (after an intended change; look at them)
// Env: E2E_CHROMIUM (browser binary), SCREENSHOT_ARTIFACTS (where the failing views and their diffs go,
// default ../build/web-artifacts/screenshots).
import { chromium } from 'playwright-core';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import pixelmatch from 'pixelmatch';

const here = dirname(fileURLToPath(import.meta.url));
const refDir = join(here, 'screenshots');
const artifacts = process.env.SCREENSHOT_ARTIFACTS || join(here, '..', '..', 'build', 'web-artifacts', 'screenshots');
const update = process.argv.includes('--update');
const MAX_DIFF = 0.001;   // share of the pixels that may differ (runs on one machine differ by under 0.01%)
const THRESHOLD = 0.2;    // pixelmatch's per-pixel colour distance (0..1)

// Views: the URL (mock data) and what to wait for once the page says it shows that URL.
const VIEWS = [
  ['start', '/', '[data-testid="welcome"]'],
  ['search', '/?q=sanctions', '[data-testid="results-list"]'],
  ['kwic', '/?mode=cql&q=%5Blower%3D%22sanctions%22%5D', '[data-testid="kwic-table"]'],
  ['reader', '/?q=sanctions&open=mock-2023-03-07-npc', '[data-testid="reader-turn"]'],
  ['analyse', '/?analyse=freq', '[data-testid="an-table"]'],
  ['events', '/?browse=events', '[data-testid="browse-table"]'],
];
const WIDTHS = [[1400, 900], [800, 900]];

function chromiumPath() {
  if (process.env.E2E_CHROMIUM) return process.env.E2E_CHROMIUM;
  for (const p of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) if (existsSync(p)) return p;
  return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
}
const freePort = () => new Promise((resolve) => {
  const s = createServer();
  s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});

if (!existsSync(join(here, '..', 'dist', 'index.html'))) {
  console.error('screenshots: no web/dist (run scripts/build-web first)');
  process.exit(2);
}
const port = await freePort();
const server = spawn(process.execPath, [join(here, 'mock-server.mjs'), '--port', String(port), '--web', join(here, '..', 'dist')],
  { stdio: ['ignore', 'ignore', 'inherit'] });
const base = `http://127.0.0.1:${port}`;
for (let i = 0; i < 100; i++) {
  try { if ((await fetch(`${base}/api/info`)).ok) break; } catch { /* not up yet */ }
  await new Promise((r) => setTimeout(r, 100));
}

const browser = await chromium.launch({ executablePath: chromiumPath(),
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--font-render-hinting=none', '--disable-lcd-text'] });
let failed = 0;
try {
  mkdirSync(artifacts, { recursive: true });
  for (const [width, height] of WIDTHS) {
    const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1, reducedMotion: 'reduce',
      timezoneId: 'UTC', locale: 'en-US' });
    const page = await context.newPage();
    for (const [name, url, selector] of VIEWS) {
      await page.goto(`${base}${url}`);
      await page.waitForFunction(() => document.body.dataset.ready !== undefined && document.body.dataset.ready === location.search);
      await page.waitForSelector(selector);
      await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
      await page.evaluate(() => document.fonts.ready);
      const file = `${name}-${width}.png`;
      // Grey levels are enough to see a layout move, and keep the references a third of the size.
      const grey = PNG.sync.write(PNG.sync.read(await page.screenshot({ fullPage: false, animations: 'disabled', caret: 'hide' })),
        { colorType: 0, deflateLevel: 9 });
      const shot = PNG.sync.read(grey);
      if (update) {
        writeFileSync(join(refDir, file), grey);
        console.log(`  wrote ${file}`);
        continue;
      }
      const refPath = join(refDir, file);
      if (!existsSync(refPath)) { failed++; console.log(`  FAIL ${file}: no reference (node tests/screenshots.mjs --update)`); continue; }
      const ref = PNG.sync.read(readFileSync(refPath));
      if (ref.width !== shot.width || ref.height !== shot.height) {
        failed++;
        console.log(`  FAIL ${file}: ${shot.width}×${shot.height}, the reference is ${ref.width}×${ref.height}`);
        continue;
      }
      const diff = new PNG({ width: ref.width, height: ref.height });
      const differing = pixelmatch(ref.data, shot.data, diff.data, ref.width, ref.height, { threshold: THRESHOLD });
      const share = differing / (ref.width * ref.height);
      if (share > MAX_DIFF) {
        failed++;
        writeFileSync(join(artifacts, file), grey);
        writeFileSync(join(artifacts, `diff-${file}`), PNG.sync.write(diff));
        console.log(`  FAIL ${file}: ${(share * 100).toFixed(2)}% of the pixels differ (at most ${MAX_DIFF * 100}%); `
          + `see ${join(artifacts, file)} and diff-${file}`);
      } else {
        console.log(`  ok   ${file} (${(share * 100).toFixed(3)}% differ)`);
      }
    }
    await context.close();
  }
} finally {
  await browser.close();
  server.kill();
}
console.log(update ? 'screenshots: references written' : `screenshots: ${failed ? `${failed} failed` : 'all match'}`);
process.exit(failed ? 1 : 0);
