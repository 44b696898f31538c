/**
 * The demo site in a real browser: built as test/demo-site.test.ts builds it, served by the project's
 * own server (with its search), and every kind of page checked in Chromium at 320, 390 and 1280 px,
 * light and dark — axe (no serious or critical violation), no console or page error, no sideways
 * scrolling, no broken image, a keyboard path from the skip link into the content with focus shown.
 * Skips when Chromium is not installed (see `.ci/run`).
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { buildDemo, DEMO_ARCHIVE } from '../../src/cli/demo.js';
import { type Listening, listen, siteHandler } from '../../src/server/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import {
  checkPage,
  launchChromium,
  load,
  openView,
  SCHEMES,
  skipWithoutChromium,
  type View,
  WIDTHS,
} from './harness.js';

const skip = skipWithoutChromium();

let work = '';
let store: Store | undefined;
let server: Listening | undefined;
let browser: Browser | undefined;
const views: View[] = [];
let last = '';
let query = '';

/** A word of the latest day's first story, to search for (the search page with results). */
async function searchWord(out: string, date: string): Promise<string> {
  const day = JSON.parse(await readFile(join(out, 'baltic-grid', `${date}.json`), 'utf8')) as {
    stories: Array<{ title: string }>;
  };
  const words = (day.stories[0]?.title ?? '').split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 4);
  return words.sort((a, b) => b.length - a.length)[0] ?? 'grid';
}

before(async () => {
  if (skip) return;
  work = await mkdtemp(join(tmpdir(), 'daybrief-browser-'));
  const out = join(work, 'site');
  const database = join(work, 'demo.sqlite');
  await buildDemo(out, { quiet: true, database });
  const manifest = JSON.parse(await readFile(join(DEMO_ARCHIVE, 'manifest.json'), 'utf8'));
  last = (manifest.days as string[]).at(-1) as string;
  query = await searchWord(out, last);
  store = await openStore(database);
  server = await listen(siteHandler(out, store, { title: 'daybrief demo' }), { port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
  const origin = server.url.replace(/\/$/, '');
  for (const width of WIDTHS)
    for (const scheme of SCHEMES) views.push(await openView(browser, origin, width, scheme));
});

after(async () => {
  await browser?.close();
  await server?.close(1000);
  await store?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

/** Every kind of page the site has (src/publish builds all but search, which the server answers). */
const KINDS: Array<[name: string, path: () => string, status?: number]> = [
  ['front', () => 'index.html'],
  ['archive', () => 'baltic-grid/index.html'],
  ['day', () => `baltic-grid/${last}/index.html`],
  ['week', () => `baltic-grid/week/${last}/index.html`],
  ['search-results', () => `search?q=${encodeURIComponent(query)}`],
  ['search-form', () => 'search'],
  ['not-found', () => 'no-such-page/here', 404],
];

for (const [name, path, status] of KINDS) {
  test(`browser: the ${name} page passes at every width, light and dark`, { skip }, async () => {
    assert.ok(server);
    const url = `${server.url}${path()}`;
    // The views are separate contexts: checked side by side, each its own tab with its own focus.
    const found = await Promise.all(views.map((view) => checkPage(view, url, name, status)));
    assert.deepEqual(found.flat(), []);
  });
}

test('browser: no page reached outside the site', { skip }, () => {
  assert.deepEqual(
    views.flatMap((v) => v.offsite),
    [],
  );
});

test('browser: the search page found the word it was asked for', { skip }, async () => {
  assert.ok(server && views[0]);
  const { page } = await load(views[0], `${server.url}search?q=${encodeURIComponent(query)}`);
  assert.ok((await page.locator('.result').count()) > 0, `results for ${query}`);
  assert.ok(await page.locator('form.search-box').isVisible(), 'the header search box is shown');
});

/**
 * Where following the first outlet link of the latest day page goes and the Referer it sends, with the
 * page's bytes as built (`edit` changes them) and served without the server's Referrer-Policy header,
 * so the page's own `<meta name="referrer">` is what is tested. The outlet's answer is faked.
 */
async function followOutletLink(
  edit: (page: string) => string,
): Promise<{ href: string; referer: string[] }> {
  assert.ok(browser && server);
  const origin = server.url;
  const dayUrl = `${origin}baltic-grid/${last}/index.html`;
  const body = edit(await readFile(join(work, 'site', 'baltic-grid', last, 'index.html'), 'utf8'));
  const context = await browser.newContext();
  const referer: string[] = [];
  try {
    await context.route('**/*', async (route) => {
      const request = route.request();
      if (request.url() === dayUrl)
        return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body });
      if (request.url().startsWith(origin)) return route.continue();
      referer.push((await request.allHeaders()).referer ?? '(none)');
      return route.fulfill({
        status: 200,
        contentType: 'text/html',
        body: '<!doctype html><title>Outlet</title>',
      });
    });
    const page = await context.newPage();
    await page.goto(dayUrl);
    const link = page.locator('main article a[href^="https://"]').first();
    const href = (await link.getAttribute('href')) ?? '';
    await Promise.all([page.waitForURL(href), link.click()]);
    return { href, referer };
  } finally {
    await context.close();
  }
}

test('browser: an outlet link sends no Referer, by the page’s meta alone (and does without it)', {
  skip,
}, async () => {
  const meta = '<meta name="referrer" content="no-referrer">';
  const kept = await followOutletLink((page) => {
    assert.ok(page.includes(meta), 'the day page says its policy');
    return page;
  });
  assert.match(kept.href, /^https:\/\//);
  assert.deepEqual(kept.referer, ['(none)'], 'the outlet was asked once, with no Referer');
  // The links carry no policy of their own: without the page's, the browser's default sends one.
  const without = await followOutletLink((page) => page.replace(meta, ''));
  assert.equal(without.referer.length, 1);
  assert.match(without.referer[0] ?? '', /^http:\/\/127\.0\.0\.1:\d+\//);
});

/** A page with one of each flaw the checks look for, inline script and styles included (no CSP). */
const FLAWED = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Flawed</title>
<style>a:focus { outline: none; } .faint { color: #c8c8c8; background: #fff; } ::placeholder { color: #bbb; }</style></head>
<body><header><a href="#top">Home</a><a class="skip" href="#nowhere">Skip</a></header>
<main><p class="faint">Faint text</p><input id="q" placeholder="Faint hint" aria-label="Query"><div style="width: 2000px">Too wide</div>
<img src="missing.png" alt="Missing"><a href="#more">More</a></main>
<script>console.error('boom'); throw new Error('kaput');</script>
</body></html>`;

test('browser: the checks catch a flawed page (each kind of problem)', { skip }, async () => {
  assert.ok(browser);
  const root = join(work, 'flawed');
  await mkdir(root, { recursive: true });
  await writeFile(join(root, 'index.html'), FLAWED);
  const flawed = await listen(siteHandler(root), { port: 0, host: '127.0.0.1' });
  // The server's CSP header would block the page's inline style and script: bypass it for this page.
  const view = await openView(browser, flawed.url.replace(/\/$/, ''), 390, 'light', { bypassCSP: true });
  try {
    const problems = (await checkPage(view, `${flawed.url}index.html`, 'flawed')).join('\n');
    for (const expected of [
      /axe serious color-contrast/,
      /placeholder of #q has contrast 1\.\d\d/,
      /scrolls sideways: 20\d\d px wide in 390 px/,
      /broken image .*missing\.png/,
      /HTTP 404 for .*missing\.png/,
      /first Tab lands on a "Home", not the skip link/,
      /following the skip link does not move focus to <main>/,
      /has no outline or shadow/,
      /console error: boom/,
      /page error: kaput/,
    ])
      assert.match(problems, expected);
  } finally {
    await view.context.close();
    await flawed.close(1000);
  }
});
