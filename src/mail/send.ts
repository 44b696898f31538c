/**
 * Sends the daily email of topic-days: one message per recipient (no one sees the others' addresses,
 * and one refused address does not hold back the rest), each recorded in the store only once the SMTP
 * server accepted it, so a day is never mailed twice to the same address and a failure is retried on
 * the next run.
 */
import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import { DaybriefError } from '../model/errors.js';
import type { Digest } from '../model/types.js';
import { paths } from '../publish/paths.js';
import type { Store } from '../store/store.js';
import { composeDayEmail } from './compose.js';
import { isMessageError, smtpError, smtpOptions } from './smtp.js';

/** One topic-day and who should get it. */
export interface MailPlan {
  digest: Digest;
  recipients: string[];
  /** The topic's language, when known. */
  language?: string;
}

export interface SendOptions {
  /** The SMTP server URL (not needed for a dry run). */
  smtp?: string;
  /** The From header: `news@example.org` or `daybrief <news@example.org>`. */
  from: string;
  /** The public address of the site, for links to the day page and to its image copies. */
  siteUrl?: string;
  /** The site's title, shown in the email (default `daybrief`). */
  title?: string;
  /** A mailto: or https: URL sent as the List-Unsubscribe header. */
  unsubscribe?: string;
  /** Compose and check what is due, but send and record nothing. */
  dryRun?: boolean;
  now?: () => Date;
}

export type SendStatus = 'sent' | 'already-sent' | 'would-send' | 'failed' | 'not-tried';

export interface SendResult {
  topic: string;
  date: string;
  recipient: string;
  subject: string;
  status: SendStatus;
  messageId?: string;
  error?: DaybriefError;
}

export interface SendReport {
  results: SendResult[];
  sent: number;
  /** The first failure, when any message was not accepted (the rest are in `results`). */
  error?: DaybriefError;
}

/** Addresses compare in lower case (the store's key). */
export function normaliseAddress(address: string): string {
  return address.trim().toLowerCase();
}

/** The address part of `Name <addr>` or of a bare address. */
function addressOf(sender: string): string {
  return (/<([^<>]+)>\s*$/.exec(sender)?.[1] ?? sender).trim();
}

/**
 * A Message-ID fixed for a topic, day and recipient: should the process die after the server accepted
 * the message but before the store recorded it, the copy a rerun sends has the same ID, which mail
 * clients and servers use to drop duplicates.
 */
export function dayMessageId(slug: string, date: string, recipient: string, from: string): string {
  const domain = addressOf(from).split('@')[1] || 'daybrief.invalid';
  const hash = createHash('sha256').update(`${slug}\n${date}\n${recipient}`).digest('hex').slice(0, 20);
  return `<daybrief.${slug}.${date}.${hash}@${domain}>`;
}

/**
 * Site-relative paths of the smallest stored thumbnail of each cover (the email shows it 120 px
 * wide), as `publishSite` lays them out under `media/`.
 */
async function mediaPaths(store: Store, digests: Digest[]): Promise<Record<string, string>> {
  const urls = digests.flatMap((d) => d.stories.flatMap((s) => s.articles.map((a) => a.image ?? '')));
  const out: Record<string, string> = {};
  for (const record of await store.getThumbnails(urls.filter(Boolean))) {
    const smallest = 'thumbnails' in record ? record.thumbnails[0] : undefined;
    if (smallest) out[record.url] = paths.media(smallest);
  }
  return out;
}

/**
 * Sends each plan's day to each of its recipients that has not had it yet. Stops at the first failure
 * to reach the server (later messages are `not-tried`); a message the server refuses is `failed` and
 * the next one is still tried. Nothing is recorded for a message that was not accepted.
 */
export async function sendDayEmails(store: Store, plans: MailPlan[], opts: SendOptions): Promise<SendReport> {
  const now = opts.now ?? (() => new Date());
  const media = opts.siteUrl
    ? await mediaPaths(
        store,
        plans.map((p) => p.digest),
      )
    : {};
  const smtp = opts.smtp;
  if (!opts.dryRun && !smtp) {
    throw new DaybriefError(
      'mail',
      'MAIL_NO_SMTP',
      'no SMTP server: set "email.smtp" in the config, DAYBRIEF_SMTP, or pass --smtp smtp://user:pass@host:587',
    );
  }
  const transport = opts.dryRun || !smtp ? undefined : nodemailer.createTransport(smtpOptions(smtp));
  const headers: Record<string, string> = {
    'Auto-Submitted': 'auto-generated',
    'X-Auto-Response-Suppress': 'All',
  };
  if (opts.unsubscribe) headers['List-Unsubscribe'] = `<${opts.unsubscribe}>`;
  const results: SendResult[] = [];
  let error: DaybriefError | undefined;
  let unreachable = false;
  try {
    for (const { digest, recipients, language } of plans) {
      const composed = composeDayEmail(digest, {
        ...(language ? { language } : {}),
        ...(opts.siteUrl ? { siteUrl: opts.siteUrl } : {}),
        ...(opts.title ? { title: opts.title } : {}),
        media,
      });
      const slug = digest.topic.slug;
      for (const recipient of [...new Set(recipients.map(normaliseAddress))]) {
        const base = { topic: slug, date: digest.date, recipient, subject: composed.subject };
        if (await store.wasSent(slug, digest.date, recipient)) {
          results.push({ ...base, status: 'already-sent' });
          continue;
        }
        const messageId = dayMessageId(slug, digest.date, recipient, opts.from);
        if (transport === undefined) {
          results.push({ ...base, status: 'would-send', messageId });
          continue;
        }
        if (unreachable) {
          results.push({ ...base, status: 'not-tried' });
          continue;
        }
        try {
          const info = await transport.sendMail({
            from: opts.from,
            to: recipient,
            subject: composed.subject,
            text: composed.text,
            html: composed.html,
            date: now(),
            messageId,
            headers,
          });
          const accepted = (info.accepted as unknown[]).map((a) =>
            normaliseAddress(typeof a === 'string' ? a : String((a as { address?: string }).address)),
          );
          if (!accepted.includes(recipient)) {
            throw Object.assign(new Error(`the server did not accept ${recipient}`), { code: 'EENVELOPE' });
          }
        } catch (err) {
          const failure = smtpError(err, smtp ?? '', recipient);
          error ??= failure;
          if (!isMessageError(err)) unreachable = true;
          results.push({ ...base, status: 'failed', error: failure });
          continue;
        }
        // Recorded only now that the server has taken responsibility for the message.
        await store.markSent({
          topicSlug: slug,
          date: digest.date,
          recipient,
          messageId,
          sentAt: now().toISOString(),
        });
        results.push({ ...base, status: 'sent', messageId });
      }
    }
  } finally {
    transport?.close();
  }
  const report: SendReport = { results, sent: results.filter((r) => r.status === 'sent').length };
  if (error) report.error = error;
  return report;
}
