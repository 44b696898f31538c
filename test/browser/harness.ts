/**
 * What the browser suites share: Chromium from the system (never downloaded), one context per
 * viewport and colour scheme, and the checks a page must pass as a reader's browser renders it
 * (axe, console, overflow, images, keyboard order). Each check returns problems as sentences, so a
 * failure names the page, the viewport and what is wrong.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import axe from 'axe-core';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's Chromium (apt package `chromium`); `.ci/run` installs it. */
export const CHROMIUM = '/usr/bin/chromium';
/** Where screenshots go (ignored by git; CI keeps it as an artefact). */
export const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/browser/', import.meta.url));
/** The widths every page is checked at: a small phone, a common phone, a desktop. */
export const WIDTHS = [320, 390, 1280] as const;
export const SCHEMES = ['light', 'dark'] as const;
const HEIGHT = 800;
/** Tab presses allowed from the top of a page before focus must be inside `<main>`. */
const MAX_TABS_TO_MAIN = 12;

/**
 * `false` when Chromium is there, else why the suite skips (for `test(..., { skip })`). With
 * `TEST_BROWSER=required` (as `.ci/run` sets) it never skips, so a missing browser fails the run.
 */
export function skipWithoutChromium(): string | false {
  return existsSync(CHROMIUM) || process.env.TEST_BROWSER === 'required'
    ? false
    : `no Chromium at ${CHROMIUM} (apt-get install chromium; .ci/run does): browser tests skipped`;
}

/** One Chromium, with a fresh temporary profile (playwright's default for `launch`). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A viewport and colour scheme, with the label it is reported under (`390 dark`). */
export interface View {
  width: number;
  scheme: 'light' | 'dark';
  label: string;
  context: BrowserContext;
  /** The one tab of the view, reused from page to page (a new tab is a new renderer process). */
  page: Page;
  /** Requests the page tried to make to anywhere but the site under test (all refused). */
  offsite: string[];
  /** Dialogs (alert, confirm, prompt) any page opened; each is dismissed. */
  dialogs: string[];
  /** Where the errors of the page being loaded go (see `load`). */
  errors: string[];
}

/**
 * A context for one view. Only `origin` is reachable: every other request is refused and recorded,
 * so a test never depends on the network and a page that reaches out is caught.
 */
export async function openView(
  browser: Browser,
  origin: string,
  width: number,
  scheme: 'light' | 'dark',
  extra: { bypassCSP?: boolean } = {},
): Promise<View> {
  const context = await browser.newContext({
    viewport: { width, height: HEIGHT },
    colorScheme: scheme,
    reducedMotion: 'reduce',
    ...extra,
  });
  // axe in every page before the page's own content; the browser caches the compiled script, where
  // evaluating it into each page (half a megabyte) cost more than running it.
  await context.addInitScript({ content: axe.source });
  const view: View = {
    width,
    scheme,
    label: `${width} ${scheme}`,
    context,
    page: await context.newPage(),
    offsite: [],
    dialogs: [],
    errors: [],
  };
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin)) return route.continue();
    view.offsite.push(url);
    return route.abort('blockedbyclient');
  });
  watch(view);
  return view;
}

/** Console errors, uncaught page errors, failed requests and dialogs of the view's tab. */
function watch(view: View): void {
  const { page } = view;
  page.on('console', (m) => {
    // A failed request is reported below with its URL; the 404 page's own status is its purpose.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
      view.errors.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => view.errors.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => {
    // Requests off the site are refused on purpose and recorded in `view.offsite`.
    const why = r.failure()?.errorText ?? '';
    if (!why.includes('ERR_BLOCKED_BY_CLIENT')) view.errors.push(`request failed: ${r.url()} (${why})`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && r.request().resourceType() !== 'document')
      view.errors.push(`HTTP ${r.status()} for ${r.url()}`);
  });
  page.on('dialog', (d) => {
    view.dialogs.push(`${d.type()} "${d.message()}" on ${page.url()}`);
    void d.dismiss();
  });
}

/**
 * Opens `url` in the view's tab; `errors` collects what goes wrong on it (console and page errors,
 * failed requests, an unexpected status) until the next `load` of the view.
 */
export async function load(view: View, url: string, status = 200): Promise<{ page: Page; errors: string[] }> {
  const errors: string[] = [];
  view.errors = errors;
  const response = await view.page.goto(url, { waitUntil: 'load' });
  if (response?.status() !== status) errors.push(`answered HTTP ${response?.status()}, not ${status}`);
  return { page: view.page, errors };
}

/** Serious and critical axe violations, one line each with the first offending element. */
export async function axeProblems(page: Page): Promise<string[]> {
  // Injected by `openView` (as an init script, which the page's CSP does not block); else here, over CDP.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  const results = await page.evaluate(() =>
    (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] }),
  );
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => {
      const node = v.nodes[0];
      const where = node ? `${node.target.join(' ')}: ${node.failureSummary?.split('\n')[1]?.trim()}` : '';
      return `axe ${v.impact} ${v.id} (${v.nodes.length}×) ${v.help}; ${where}`;
    });
}

/** Wider than the viewport: the page scrolls sideways. */
export async function overflowProblems(page: Page): Promise<string[]> {
  const { scroll, inner, widest } = await page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement;
    let widest = '';
    let right = 0;
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.right > right) {
        right = r.right;
        const text = (el.textContent ?? '').trim().slice(0, 40);
        widest = `${el.tagName.toLowerCase()}${el.className ? `.${el.className}` : ''} in ${el.parentElement?.tagName.toLowerCase()}.${el.parentElement?.className} "${text}" (${Math.round(r.right)} px)`;
      }
    }
    return { scroll: root.scrollWidth, inner: window.innerWidth, widest };
  });
  return scroll <= inner ? [] : [`scrolls sideways: ${scroll} px wide in ${inner} px, widest ${widest}`];
}

/** `rgb(…)`/`rgba(…)` as [r, g, b, alpha]. */
function rgba(css: string): [number, number, number, number] {
  const [r = 0, g = 0, b = 0, a = 1] = (css.match(/[\d.]+/g) ?? []).map(Number);
  return [r, g, b, a];
}

/** WCAG contrast ratio of two opaque colours. */
export function contrast(a: string, b: string): number {
  const lum = (css: string) => {
    const [r, g, b] = rgba(css).map((c) => {
      const s = c / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
}

/** Placeholder text readable on its field (axe does not check placeholders): 4.5:1 at least. */
export async function placeholderProblems(page: Page): Promise<string[]> {
  const fields = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLInputElement>('input[placeholder]')]
      .filter((i) => i.getClientRects().length > 0)
      .map((i) => ({
        id: i.id || i.name,
        fg: getComputedStyle(i, '::placeholder').color,
        bg: getComputedStyle(i).backgroundColor,
        page: getComputedStyle(document.body).backgroundColor,
      })),
  );
  return fields.flatMap(({ id, fg, bg, page: pageBg }) => {
    const field = rgba(bg)[3] === 0 ? pageBg : bg;
    const ratio = contrast(fg, field);
    return ratio >= 4.5 ? [] : [`placeholder of #${id} has contrast ${ratio.toFixed(2)} (${fg} on ${field})`];
  });
}

/** Every image loaded (lazy ones are scrolled into view first) and has a size. */
export async function imageProblems(page: Page): Promise<string[]> {
  // Lazy images load as they come near the viewport: scroll down the page a screen at a time.
  await page.evaluate(async () => {
    const root = document.scrollingElement ?? document.documentElement;
    for (let y = 0; y < root.scrollHeight; y += window.innerHeight) {
      window.scrollTo(0, y);
      // (No named helper here: the bundler would wrap it in a function the page does not have.)
      await new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 30)));
    }
    window.scrollTo(0, 0);
  });
  await page
    .waitForFunction(() => [...document.images].every((i) => i.complete), undefined, { timeout: 5000 })
    .catch(() => undefined);
  const broken = await page.evaluate(() =>
    [...document.images]
      .filter((i) => !(i.complete && i.naturalWidth > 0))
      .map((i) => i.currentSrc || i.getAttribute('src') || '(no src)'),
  );
  return broken.map((src) => `broken image ${src}`);
}

interface Stop {
  what: string;
  inMain: boolean;
  visible: boolean;
  focusShown: boolean;
}

/** Where focus is, and whether the reader can see it. */
function focusStop(page: Page): Promise<Stop> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body)
      return { what: 'body', inMain: false, visible: false, focusShown: false };
    const style = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    const outline = style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) > 0;
    const text = (el.textContent ?? '').trim().slice(0, 30);
    return {
      what: `${el.tagName.toLowerCase()}${el.className ? `.${el.className}` : ''} "${text}"`,
      inMain: el.closest('main') !== null && el.tagName !== 'MAIN',
      visible: r.width > 0 && r.height > 0 && r.right > 0 && r.left < window.innerWidth,
      focusShown: outline || style.boxShadow !== 'none',
    };
  });
}

/**
 * The keyboard path: the first Tab lands on the skip link, shown and outlined; tabbing on reaches the
 * content within a few stops, each one on screen and with a visible focus indicator; following the
 * skip link puts focus on `<main>`, from where Tab goes into the content.
 */
export async function keyboardProblems(page: Page): Promise<string[]> {
  const problems: string[] = [];
  const bad = (s: Stop) => {
    if (!s.visible) problems.push(`focus on ${s.what}, which is not on screen`);
    if (!s.focusShown) problems.push(`focus on ${s.what} has no outline or shadow`);
  };
  await page.keyboard.press('Tab');
  const first = await focusStop(page);
  if (!first.what.startsWith('a.skip')) problems.push(`first Tab lands on ${first.what}, not the skip link`);
  bad(first);
  let reached = false;
  for (let i = 0; i < MAX_TABS_TO_MAIN && !reached; i++) {
    await page.keyboard.press('Tab');
    const stop = await focusStop(page);
    bad(stop);
    reached = stop.inMain;
  }
  if (!reached) problems.push(`${MAX_TABS_TO_MAIN} Tabs from the top do not reach the main content`);
  // Back to the skip link (by script: the test of the order is done) and follow it.
  const hasSkip = await page.evaluate(() => {
    const skip = document.querySelector<HTMLElement>('a.skip');
    skip?.focus();
    return skip !== null;
  });
  if (!hasSkip) return [...new Set(problems)];
  await page.keyboard.press('Enter');
  const onMain = await page.evaluate(() => document.activeElement?.id === 'main');
  if (!onMain) problems.push('following the skip link does not move focus to <main>');
  await page.keyboard.press('Tab');
  const next = await focusStop(page);
  if (!next.inMain) problems.push(`Tab after the skip link lands on ${next.what}, outside <main>`);
  bad(next);
  return [...new Set(problems)];
}

/** Full-page PNG under ARTIFACTS, named `<name>-<width>-<scheme>.png`. */
export async function screenshot(page: Page, view: View, name: string): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({
    path: join(ARTIFACTS, `${name}-${view.width}-${view.scheme}.png`),
    fullPage: true,
  });
}

/** Every check on one page; problems prefixed with the page and the view. */
export async function checkPage(view: View, url: string, name: string, status = 200): Promise<string[]> {
  const { page, errors } = await load(view, url, status);
  const problems = [
    ...(await axeProblems(page)),
    ...(await placeholderProblems(page)),
    ...(await overflowProblems(page)),
    ...(await imageProblems(page)),
  ];
  await screenshot(page, view, name);
  problems.push(...(await keyboardProblems(page)), ...errors, ...view.dialogs.splice(0));
  return problems.map((p) => `${name} at ${view.label}: ${p}`);
}
