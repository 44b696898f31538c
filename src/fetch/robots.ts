/**
 * A robots.txt parser after RFC 9309: groups of user-agent lines, allow/disallow rules with `*`
 * and a trailing `$`, the longest matching rule wins and allow wins a tie. Crawl-delay, which the
 * RFC leaves out but many sites still set, is read too.
 */

const LINE_RE = /^\s*([A-Za-z-]+)\s*:\s*(.*?)\s*$/;
const REGEX_SPECIALS_RE = /[.+?^${}()|[\]\\]/g;
const PERCENT_RE = /%[0-9a-f]{2}/gi;
const NON_ASCII_RE = /[^\p{ASCII}]+/gu;
const ROBOTS_PATH = '/robots.txt';
/** A site cannot ask for more than this between requests; longer delays are capped, not ignored. */
const MAX_CRAWL_DELAY_MS = 30_000;

interface Rule {
  allow: boolean;
  /** Pattern length, the rule's priority. */
  length: number;
  re: RegExp;
}

interface Group {
  agents: string[];
  rules: Rule[];
  crawlDelayMs?: number;
}

/** The rules that apply to one user agent on one origin. */
export interface RobotsRules {
  /** `path` is the URL's pathname plus search, e.g. `/news/a?id=1`. */
  isAllowed(path: string): boolean;
  /** Crawl-delay for our group in milliseconds (capped at 30 s), when the site sets one. */
  crawlDelayMs?: number;
}

/** What an absent (4xx) or unusable robots.txt means: everything is allowed. */
export const ALLOW_ALL: RobotsRules = { isAllowed: () => true };

/**
 * Parses robots.txt for `productToken` (e.g. `daybrief`): the groups naming it (case-insensitive,
 * version suffix ignored) are merged; when none does, the `*` groups apply.
 */
export function parseRobots(text: string, productToken: string): RobotsRules {
  const groups = parseGroups(text);
  const token = productToken.toLowerCase();
  const mine = groups.filter((g) => g.agents.includes(token));
  const chosen = mine.length > 0 ? mine : groups.filter((g) => g.agents.includes('*'));
  const rules = chosen.flatMap((g) => g.rules);
  const delays = chosen.map((g) => g.crawlDelayMs).filter((d): d is number => d !== undefined);
  return {
    isAllowed: (path) => isAllowed(rules, path),
    crawlDelayMs: delays.length > 0 ? Math.min(Math.max(...delays), MAX_CRAWL_DELAY_MS) : undefined,
  };
}

function parseGroups(text: string): Group[] {
  const groups: Group[] = [];
  let current: Group | undefined;
  let inAgentLines = false;
  for (const rawLine of text.split(/\r\n|\r|\n/)) {
    const match = LINE_RE.exec(rawLine.split('#', 1)[0] ?? '');
    if (!match?.[1]) continue;
    const key = match[1].toLowerCase();
    const value = match[2] ?? '';
    if (key === 'user-agent') {
      if (!current || !inAgentLines) {
        current = { agents: [], rules: [] };
        groups.push(current);
      }
      current.agents.push(agentToken(value));
      inAgentLines = true;
      continue;
    }
    inAgentLines = false;
    if (!current) continue;
    if ((key === 'allow' || key === 'disallow') && value !== '') {
      current.rules.push(compileRule(key === 'allow', value));
    } else if (key === 'crawl-delay') {
      const seconds = Number(value);
      if (Number.isFinite(seconds) && seconds >= 0) current.crawlDelayMs = seconds * 1000;
    }
  }
  return groups;
}

/** `Googlebot/2.1` and `googlebot` name the same crawler. */
function agentToken(value: string): string {
  return (value.split('/', 1)[0] ?? '').trim().toLowerCase();
}

/** Percent-encodes non-ASCII and upper-cases escapes so that patterns and paths compare alike. */
function normalisePath(path: string): string {
  return path.replace(NON_ASCII_RE, (s) => encodeURIComponent(s)).replace(PERCENT_RE, (s) => s.toUpperCase());
}

function compileRule(allow: boolean, pattern: string): Rule {
  const normalised = normalisePath(pattern);
  const anchored = normalised.endsWith('$');
  const body = anchored ? normalised.slice(0, -1) : normalised;
  const source = body
    .split('*')
    .map((part) => part.replace(REGEX_SPECIALS_RE, '\\$&'))
    .join('.*');
  return { allow, length: normalised.length, re: new RegExp(`^${source}${anchored ? '$' : ''}`) };
}

function isAllowed(rules: Rule[], rawPath: string): boolean {
  const path = normalisePath(rawPath || '/');
  if (path === ROBOTS_PATH) return true;
  let best: Rule | undefined;
  for (const rule of rules) {
    if (!rule.re.test(path)) continue;
    if (!best || rule.length > best.length || (rule.length === best.length && rule.allow)) best = rule;
  }
  return best?.allow ?? true;
}
