import { z } from 'zod';
import { parseAllowHost } from '../fetch/address-guard.js';
import { DEFAULT_FETCH_BUDGETS } from '../fetch/politeness.js';

const SLUG = /^[a-z0-9][a-z0-9-]*$/;
const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const REGION = /^[A-Z]{2}$/;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** An http(s) URL; credentials in it (`user:pass@`) are dropped, so that they are never stored. */
const httpUrl = z
  .string()
  .refine((s) => /^https?:\/\//i.test(s) && URL.canParse(s), { message: 'expected an http(s) URL' })
  .transform((s) => {
    const u = new URL(s);
    if (!u.username && !u.password) return s;
    u.username = '';
    u.password = '';
    return u.href;
  });

/** "host" or "host:port" ("[::1]:8080" for IPv6), as `--allow-host` takes it. */
const allowHost = z.string().refine((s) => parseAllowHost(s) !== undefined, {
  message: 'expected a host or host:port, e.g. "intranet.example" or "127.0.0.1:8080"',
});

/** A bare address, `reader@example.org`: no display name, no spaces, no angle brackets. */
const EMAIL_ADDRESS = /^[^\s@<>"',;]+@[^\s@<>"',;]+\.[^\s@<>"',;]+$|^[^\s@<>"',;]+@localhost$/i;
export const emailAddress = z
  .string()
  .trim()
  .regex(EMAIL_ADDRESS, 'expected an email address such as "reader@example.org"');

/** An SMTP server as a URL: smtp://user:pass@host:587 (STARTTLS when offered) or smtps://host:465. */
const smtpUrl = z.string().refine((s) => /^smtps?:\/\/[^/]/i.test(s) && URL.canParse(s), {
  message: 'expected an smtp:// or smtps:// URL, e.g. "smtp://user:pass@mail.example.org:587"',
});

/** The sender: an address, optionally with a name, `daybrief <news@example.org>`. */
const sender = z
  .string()
  .trim()
  .refine((s) => EMAIL_ADDRESS.test(/<([^<>]+)>\s*$/.exec(s)?.[1] ?? s) && !/[\r\n]/.test(s), {
    message: 'expected an address such as "news@example.org" or "daybrief <news@example.org>"',
  });

/** The daily email (`daybrief send`, and `serve --schedule` after each build). */
export const emailSchema = z
  .strictObject({
    /** The SMTP server; `--smtp URL` or the DAYBRIEF_SMTP environment variable take precedence. */
    smtp: smtpUrl.optional(),
    /** The From address. */
    from: sender.optional(),
    /** Recipients of every topic that names none of its own. */
    to: z.array(emailAddress).default([]),
    /** The public address of the site, for links to the day page and its images. */
    siteUrl: httpUrl.optional(),
    /** Sent as the List-Unsubscribe header: a mailto: address or an https:// page. */
    unsubscribe: z
      .string()
      .trim()
      .refine((s) => /^(mailto:[^\s<>]+@[^\s<>]+|https:\/\/[^\s<>]+)$/i.test(s) && URL.canParse(s), {
        message: 'expected a mailto: or https:// URL, e.g. "mailto:news@example.org?subject=unsubscribe"',
      })
      .optional(),
  })
  .optional();

/** A topic's own recipients: they replace `email.to` for that topic. */
export const topicEmailSchema = z.strictObject({ to: z.array(emailAddress) }).optional();

/** How daybrief fetches. */
export const fetchSchema = z
  .strictObject({
    /**
     * Hosts fetched even though their address is loopback, private, link-local or otherwise not
     * public (refused by default with FETCH_PRIVATE_ADDRESS). `--allow-host` adds to the list.
     */
    allowHosts: z.array(allowHost).default([]),
    /** Time one article request may take in all, retries included, ms; default 20 000. */
    requestTimeoutMs: z.number().int().min(100).max(600_000).optional(),
    /** Time one host may take of a topic-day's article fetching, ms; default 45 000. */
    hostBudgetMs: z.number().int().min(100).max(86_400_000).optional(),
    /** Time a topic-day's article fetching may take in all, ms; default 50 000. */
    runDeadlineMs: z.number().int().min(100).max(86_400_000).optional(),
  })
  .default({ allowHosts: [] });

/** GDELT DOC 2.0 settings (see src/discover/gdelt.ts). */
export const gdeltSchema = z
  .strictObject({
    /** The DOC 2.0 endpoint; default GDELT's public one. */
    endpoint: httpUrl.optional(),
    /** Least time between two GDELT requests, ms; default 5000 (GDELT asks for one every 5 s). */
    intervalMs: z.number().int().min(0).max(600_000).optional(),
    /** Extra attempts after a 429, 5xx or timeout, with doubling backoff; default 2. */
    retries: z.number().int().min(0).max(10).optional(),
    /** First backoff wait, ms; default 10 000. */
    backoffMs: z.number().int().min(0).max(600_000).optional(),
    /** Restrict GDELT results to outlets of each topic's region (`sourcecountry:`); default false. */
    sourceCountry: z.boolean().optional(),
  })
  .default({});

/** The scale-out queue's timing (Postgres workers; see src/queue/pgboss.ts for the defaults). */
export const queueSchema = z
  .strictObject({
    /** A job running longer than this, in seconds, is presumed dead and retried; default 900. */
    expireSeconds: z.number().int().min(1).max(86_400).optional(),
    /** Retries of a failed or expired job; default 3. */
    retryLimit: z.number().int().min(0).max(100).optional(),
    /** Seconds before the first retry, doubled each time; default 60. */
    retryDelaySeconds: z.number().int().min(0).max(86_400).optional(),
    /** How often an idle worker looks for jobs, seconds (at least 0.5); default 2. */
    pollSeconds: z.number().min(0.5).max(3600).optional(),
    /** How often expired jobs are looked for, seconds; default 60. */
    maintenanceSeconds: z.number().int().min(1).max(86_400).optional(),
    /** How long a topic-day's finish step waits before looking again at pending articles, seconds; default 10. */
    finishPollSeconds: z.number().min(0.1).max(3600).optional(),
  })
  .default({});

/** News-search engines: `true` (GDELT and Bing News), `false` (none) or a list of them. */
export const newsSearchSchema = z
  .union([
    z.boolean(),
    z.array(
      z.enum(['gdelt', 'bing', 'google'], {
        message: 'expected "gdelt", "bing" or "google"',
      }),
    ),
  ])
  .default(true);

/** A topic as written in the config file; defaults are filled in. */
export const topicSchema = z
  .strictObject({
    name: z.string().trim().min(1, 'expected a non-empty name'),
    slug: z.string().regex(SLUG, 'expected lower-case letters, digits and dashes, e.g. "nato"').optional(),
    query: z.string().trim().min(1, 'expected a non-empty search query').optional(),
    feeds: z.array(httpUrl).default([]),
    language: z.string().regex(LANGUAGE, 'expected a language code such as "en" or "de"').default('en'),
    region: z.string().regex(REGION, 'expected a two-letter region code such as "US"').default('US'),
    timezone: z
      .string()
      .refine(isTimeZone, { message: 'expected an IANA time zone such as "Europe/Helsinki"' })
      .default('UTC'),
    maxArticles: z.number().int().min(1).max(10_000).default(1000),
    /** Who gets this topic's daily email (instead of the top-level `email.to`). */
    email: topicEmailSchema,
  })
  .refine((t) => t.query !== undefined || t.feeds.length > 0, {
    message: 'a topic needs a "query" or at least one entry in "feeds"',
  });

/** The whole config file. */
export const configSchema = z
  .strictObject({
    /** SQLite file, default `daybrief.sqlite`; or a postgres:// URL. */
    database: z.string().min(1).default('daybrief.sqlite'),
    /** Site output directory, default `site`. */
    out: z.string().min(1).default('site'),
    /** Site title, default `daybrief`. */
    title: z.string().min(1).default('daybrief'),
    /**
     * Which news-search engines are queried for topics with a query: `true` (default: GDELT and Bing
     * News), `false` (none) or a list such as `["gdelt", "bing", "google"]` (Google News is opt-in).
     */
    newsSearch: newsSearchSchema,
    gdelt: gdeltSchema,
    /** Time of day (HH:MM, in each topic's time zone) when `daybrief serve` runs yesterday's pages. */
    schedule: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time of day as HH:MM, e.g. "06:30"')
      .default('06:00'),
    fetch: fetchSchema,
    queue: queueSchema,
    email: emailSchema,
    topics: z.array(topicSchema).min(1, 'expected at least one topic'),
  })
  .superRefine((config, ctx) => {
    const issue = queueTimingIssue(config.queue, config.fetch);
    if (issue) ctx.addIssue({ code: 'custom', path: ['queue', 'expireSeconds'], message: issue });
  });

/**
 * Why `queue.expireSeconds` cannot work with the fetch limits, or undefined when it can. The queue
 * gives up an attempt that runs longer than expireSeconds and retries it; an article attempt may
 * spend up to `fetch.requestTimeoutMs` on its request alone, so an expiry no longer than that gives
 * up every slow article on every attempt, until its retries run out and it is lost.
 */
export function queueTimingIssue(
  queue: { expireSeconds?: number | undefined },
  fetch: { requestTimeoutMs?: number | undefined },
): string | undefined {
  if (queue.expireSeconds === undefined) return undefined;
  const requestMs = fetch.requestTimeoutMs ?? DEFAULT_FETCH_BUDGETS.requestTimeoutMs;
  if (queue.expireSeconds * 1000 > requestMs) return undefined;
  const from =
    fetch.requestTimeoutMs === undefined ? 'the default fetch.requestTimeoutMs' : 'fetch.requestTimeoutMs';
  return `${queue.expireSeconds} s is no longer than one article request may take (${requestMs} ms, ${from}), so a slow article would be given up on every attempt; set it above ${Math.ceil(requestMs / 1000)} s (default 900) or lower fetch.requestTimeoutMs`;
}

export type ConfigInput = z.input<typeof configSchema>;
export type ParsedConfig = z.output<typeof configSchema>;
