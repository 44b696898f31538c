/**
 * The site's one stylesheet, served as `assets/style.<16 hex of its SHA-256>.css`
 * (paths.style; the CSP allows styles only from the site), minified.
 * System fonts, one readable column, a responsive item grid, dark mode, visible focus.
 */
const SOURCE = `:root {
  color-scheme: light dark;
  --bg: #ffffff;
  --fg: #1b1b1b;
  --muted: #545454;
  --link: #0b57d0;
  --visited: #6a3ea1;
  --rule: #d9d9d9;
  --card: #f5f5f5;
  --mark-bg: #fff4d6;
  --mark-fg: #5c4300;
  --focus: #c2410c;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #121212;
    --fg: #ececec;
    --muted: #b4b4b4;
    --link: #8ab4f8;
    --visited: #c5a3f5;
    --rule: #333333;
    --card: #1e1e1e;
    --mark-bg: #3b3014;
    --mark-fg: #ffe3a3;
    --focus: #fdba74;
  }
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0 auto;
  max-width: 48rem;
  padding: 0 1rem 2rem;
  background: var(--bg);
  color: var(--fg);
  font: 1.0625rem/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  overflow-wrap: break-word;
  overflow-wrap: anywhere;
}
a { color: var(--link); text-underline-offset: 0.15em; }
a:visited { color: var(--visited); }
a:focus-visible, main:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 2px; }
main:focus { outline: none; }
[hidden] { display: none !important; }
.skip { position: absolute; left: -999rem; top: 0.5rem; padding: 0.5rem 0.75rem; background: var(--bg); z-index: 1; }
.skip:focus { left: 0.5rem; }
.visually-hidden {
  position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
.site-header {
  display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 0.5rem 1rem;
  padding: 0.75rem 0; border-bottom: 1px solid var(--rule); color: var(--muted);
}
.brand { font-weight: 700; }
.search-box { display: flex; gap: 0.25rem; }
.search-box input, .search-box button, .search-form input, .search-form select, .search-form button { font: inherit; font-size: 0.95rem; padding: 0.25rem 0.5rem; }
.search-box input { width: 12rem; max-width: 100%; }
/* The browsers' default placeholder grey is 2.4:1 on a dark-mode field; the muted colour is 5:1 or more. */
input::placeholder { color: var(--muted); opacity: 1; }
.search-form { display: flex; flex-wrap: wrap; gap: 0.5rem; margin: 1rem 0; }
.search-form input { flex: 1 1 16rem; min-width: 0; }
.search-form select { max-width: 100%; }
.results { list-style: none; padding: 0; }
.result { margin: 1.25rem 0; padding-bottom: 1rem; border-bottom: 1px solid var(--rule); }
.result h2 { margin: 0; font-size: 1.15rem; line-height: 1.3; }
.result .snippet { margin: 0.25rem 0 0; }
.result mark { background: var(--mark-bg); color: var(--mark-fg); }
.page-header h1 { margin: 1.25rem 0 0.25rem; line-height: 1.2; font-size: 1.75rem; }
.page-header .date { display: block; font-size: 1.1rem; font-weight: 400; color: var(--muted); }
.meta, .generated, .count, .byline, figcaption { color: var(--muted); font-size: 0.9rem; }
.meta, .generated { margin: 0.25rem 0; }
nav ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; }
.day-nav .newer { margin-left: auto; }
.day-nav { margin: 1rem 0; padding: 0.5rem 0; border-block: 1px solid var(--rule); font-size: 0.95rem; }
.story { margin: 2rem 0; padding-bottom: 1.5rem; border-bottom: 1px solid var(--rule); }
.story-group > .story-title { margin: 0 0 0.25rem; font-size: 1.4rem; line-height: 1.25; }
.lead { font-size: 1.1rem; margin: 0 0 1rem; }
.lead small { font-size: 0.9rem; color: var(--muted); }
.story-title a { color: inherit; }
.item { display: grid; grid-template-columns: minmax(0, 1fr); gap: 0.75rem 1.25rem; }
@media (min-width: 40rem) {
  .item { grid-template-columns: 13rem minmax(0, 1fr); align-items: start; }
}
.item .title { margin: 0; font-size: 1.2rem; line-height: 1.3; }
.story-group .item .title { font-size: 1.1rem; }
.byline { margin: 0.25rem 0 0.5rem; }
.byline b { font-weight: 600; }
/* Separators drawn, not read: the text after "/" is what assistive technology gets (none). */
.byline time::before, .story-meta span::before { content: "· "; content: "· " / ""; }
.description { margin: 0.5rem 0; font-style: italic; }
.summary { margin: 0.5rem 0; }
.also { font-size: 0.95rem; }
.cover { position: relative; margin: 0; }
/* height: auto, or the height attribute (there against layout shift) would stretch the cover out of 16:9. */
.cover img, .cover .initials {
  display: block; width: 100%; height: auto; aspect-ratio: 16 / 9; object-fit: cover; border-radius: 0.375rem; background: var(--card);
}
.cover figcaption { margin-top: 0.25rem; font-size: 0.8rem; }
.cover .initials {
  display: flex; align-items: center; justify-content: center;
  color: #ffffff; font-size: 2.25rem; font-weight: 700; letter-spacing: 0.05em;
}
.hue-0 .initials { background: #2b5a85; }
.hue-1 .initials { background: #7a3b68; }
.hue-2 .initials { background: #2d6a4c; }
.hue-3 .initials { background: #8a4726; }
.hue-4 .initials { background: #474c8c; }
.hue-5 .initials { background: #665a24; }
.marker {
  display: inline-block; margin: 0.25rem 0.5rem 0.25rem 0; padding: 0.1rem 0.5rem; border-radius: 0.25rem;
  background: var(--mark-bg); color: var(--mark-fg); font-size: 0.85rem;
}
.continues { margin: 0.25rem 0 0.5rem; color: var(--muted); font-size: 0.9rem; }
.continues a { color: inherit; }
.more { margin-top: 1rem; padding: 0.75rem 1rem; background: var(--card); border-radius: 0.375rem; }
.more h3 { margin: 0 0 0.5rem; font-size: 1rem; }
.more ul { margin: 0; padding-left: 1.25rem; }
.more li { margin: 0.25rem 0; color: var(--muted); }
.brief-sentence { color: var(--muted); }
.last-week h2, .week-day h2, .month h2 { font-size: 1.2rem; margin: 1.5rem 0 0.5rem; }
.last-week ul { display: block; }
.last-week li { margin: 0.25rem 0; }
.last-week a[aria-current="page"] { font-weight: 700; }
.week-day { border-bottom: 1px solid var(--rule); padding-bottom: 1rem; }
.briefs { padding-left: 1.25rem; }
.briefs li { margin: 0.75rem 0; }
.brief-title { margin: 0; font-size: 1.05rem; line-height: 1.3; }
.brief-sentence { margin: 0.25rem 0; }
.byline .more-link { margin-left: 0.5rem; }
.topics, .archive { list-style: none; padding: 0; }
.topic-card { padding: 0.75rem 0; border-bottom: 1px solid var(--rule); }
.topic-card h2 { margin: 0; font-size: 1.3rem; }
.topic-card p { margin: 0.25rem 0 0; }
.archive li { margin: 0.25rem 0; }
.top-stories { margin: 0.5rem 0 0; padding-left: 1.25rem; }
.top-stories li { margin: 0.4rem 0; }
.top-stories .headline { font-weight: 600; }
.story-meta { display: block; color: var(--muted); font-size: 0.9rem; }
.story-meta { margin: 0 0 0.5rem; }
.top-stories .story-meta { margin: 0; }
.result .more-from { margin: 0.25rem 0 0; color: var(--muted); font-size: 0.9rem; }
.result-count { color: var(--muted); margin: 0.5rem 0; }
.not-found ul { padding-left: 1.25rem; }
.empty { color: var(--muted); font-style: italic; }
.site-footer { margin-top: 2rem; padding-top: 1rem; border-top: 1px solid var(--rule); }
.colophon { color: var(--muted); font-size: 0.85rem; }
@media print {
  .skip, .day-nav, .site-header nav, .search-box { display: none; }
  a { color: inherit; }
}
`;

const COMMENT_RE = /\/\*[\s\S]*?\*\//g;
const SPACE_RE = /\s+/g;
const AROUND_PUNCTUATION_RE = / ?([{};,>]) ?/g;
const AFTER_COLON_RE = /: /g;
const LAST_SEMICOLON_RE = /;}/g;
const LEADING_ZERO_RE = /([^\d.#-])0\.(\d)/g;

/**
 * `css` without comments, needless spaces and the zeros before decimal points (`0.5rem` → `.5rem`).
 * For this stylesheet only: it has no string or URL holding a brace, semicolon, comma, `>`, `: ` or
 * a number (a selector never has a space after its colon).
 */
export function minifyCss(css: string): string {
  return css
    .replace(COMMENT_RE, '')
    .replace(SPACE_RE, ' ')
    .replace(AROUND_PUNCTUATION_RE, '$1')
    .replace(AFTER_COLON_RE, ':')
    .replace(LAST_SEMICOLON_RE, '}')
    .replace(LEADING_ZERO_RE, '$1.$2')
    .trim();
}

export const STYLE_CSS = minifyCss(SOURCE);
