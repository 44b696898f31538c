/** The publish stage: a static site (day pages, week views, indexes, feeds, JSON) built purely, then written. */
export type { ImageVariant } from './context.js';
export { dayJson } from './day-json.js';
export { escapeHtml, html, raw, SafeHtml, safeUrl } from './html.js';
export { CONTENT_SECURITY_POLICY } from './layout.js';
export { checkDate, checkSlug, paths } from './paths.js';
export { buildSite, buildSiteFrame, buildTopicFiles, DEFAULT_TITLE, type SiteData } from './site.js';
export { writeSite } from './write.js';
