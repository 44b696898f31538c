/**
 * Which topic-days go to whom: the day from the store (the newest, or the one asked for), the
 * recipients from `--to`, else the topic's own `email.to`, else the config's `email.to`.
 */
import type { Config } from '../config/index.js';
import { DaybriefError } from '../model/errors.js';
import type { Digest, Topic } from '../model/types.js';
import type { Store } from '../store/store.js';
import { type MailPlan, normaliseAddress } from './send.js';

/** What the config says about the email. */
export interface EmailSettings {
  smtp?: string;
  from?: string;
  /** Recipients of every topic that names none of its own. */
  to: string[];
  siteUrl?: string;
  /** The List-Unsubscribe address (mailto: or https:). */
  unsubscribe?: string;
  /** The config's topics and their own recipients; undefined without a config (the store's topics then). */
  topics?: Array<{ slug: string; to?: string[] }>;
}

/** A topic as the config gives it, with its optional `email.to` (see config/schema.ts). */
type TopicWithEmail = Topic & { email?: { to: string[] } };

/** The email settings of a loaded config (no `email` key: no recipients, no server). */
export function emailSettings(config: Config | undefined): EmailSettings {
  const email = config?.email;
  const out: EmailSettings = { to: email?.to ?? [] };
  if (email?.smtp) out.smtp = email.smtp;
  if (email?.from) out.from = email.from;
  if (email?.siteUrl) out.siteUrl = email.siteUrl;
  if (email?.unsubscribe) out.unsubscribe = email.unsubscribe;
  if (config) {
    out.topics = config.topics.map((t: TopicWithEmail) =>
      t.email ? { slug: t.slug, to: t.email.to } : { slug: t.slug },
    );
  }
  return out;
}

export interface PlanRequest {
  /** One topic's slug; default every topic (the config's, else the store's). */
  topic?: string;
  /** `YYYY-MM-DD`; default each topic's newest stored day. */
  date?: string;
  /** Recipients instead of the configured ones. */
  to?: string[];
}

export interface PlanResult {
  plans: MailPlan[];
  /** Topics left out, and why. */
  skipped: Array<{ topic: string; reason: string }>;
}

async function findDay(store: Store, slug: string, date: string | undefined): Promise<Digest | undefined> {
  if (date) return store.getDigest(slug, date);
  return (await store.listDigests(slug, 1))[0];
}

/**
 * The emails due: one plan per topic that has both recipients and a stored day with stories. Throws
 * `MAIL_NO_RECIPIENTS` when no topic has a recipient, `MAIL_NO_DAY` when none has a day to send.
 */
export async function planEmails(
  store: Store,
  settings: EmailSettings,
  req: PlanRequest = {},
): Promise<PlanResult> {
  const topics: Array<{ slug: string; to?: string[] }> = req.topic
    ? [settings.topics?.find((t) => t.slug === req.topic) ?? { slug: req.topic }]
    : (settings.topics ?? (await store.listArchiveTopics()).map((t) => ({ slug: t.slug })));
  const plans: MailPlan[] = [];
  const skipped: PlanResult['skipped'] = [];
  let withRecipients = 0;
  const languages = new Map((await store.listTopics()).map((t) => [t.slug, t.language]));
  for (const topic of topics) {
    const chosen = req.to?.length ? req.to : (topic.to ?? settings.to);
    const recipients = [...new Set(chosen.map(normaliseAddress))];
    if (recipients.length === 0) {
      skipped.push({ topic: topic.slug, reason: 'no recipients' });
      continue;
    }
    withRecipients++;
    const digest = await findDay(store, topic.slug, req.date);
    if (digest === undefined) {
      skipped.push({ topic: topic.slug, reason: req.date ? `no stored day ${req.date}` : 'no stored day' });
    } else if (digest.stories.length === 0) {
      skipped.push({ topic: topic.slug, reason: `no stories on ${digest.date}` });
    } else {
      const language = languages.get(topic.slug);
      plans.push(language ? { digest, recipients, language } : { digest, recipients });
    }
  }
  if (plans.length > 0) return { plans, skipped };
  if (withRecipients === 0) {
    throw new DaybriefError(
      'mail',
      'MAIL_NO_RECIPIENTS',
      `no recipients${req.topic ? ` for ${req.topic}` : ''}: pass --to ADDRESS, or set "email.to" in the config (or a topic's "email": {"to": [...]})`,
    );
  }
  const which = req.topic ? `topic ${req.topic}` : 'any topic';
  throw new DaybriefError(
    'mail',
    'MAIL_NO_DAY',
    `no day with stories to send for ${which}${req.date ? ` on ${req.date}` : ''}: run \`daybrief run\` first, or pick another --date`,
  );
}
