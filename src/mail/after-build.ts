import type { Config } from '../config/index.js';
import { DaybriefError } from '../model/errors.js';
import type { Store } from '../store/store.js';
import { emailSettings, planEmails } from './plan.js';
import { type SendReport, sendDayEmails } from './send.js';

/**
 * Mails a topic-day just built (as `serve --schedule` does after each run) when the config asks for
 * email: an SMTP server (`email.smtp` or DAYBRIEF_SMTP), `email.from` and recipients for the topic.
 * Undefined when email is not set up or the day has no stories; failures are in the report, never
 * thrown, so a mail server's trouble does not fail the build (the next `daybrief send` retries).
 */
export async function mailAfterBuild(
  store: Store,
  config: Config,
  slug: string,
  date: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<SendReport | undefined> {
  const settings = emailSettings(config);
  const smtp = env.DAYBRIEF_SMTP ?? settings.smtp;
  const to = settings.topics?.find((t) => t.slug === slug)?.to ?? settings.to;
  if (!smtp || !settings.from || to.length === 0) return undefined;
  let plans: Awaited<ReturnType<typeof planEmails>>['plans'];
  try {
    ({ plans } = await planEmails(store, settings, { topic: slug, date }));
  } catch (err) {
    if (err instanceof DaybriefError && err.code === 'MAIL_NO_DAY') return undefined;
    throw err;
  }
  return sendDayEmails(store, plans, {
    smtp,
    from: settings.from,
    title: config.title,
    ...(settings.siteUrl ? { siteUrl: settings.siteUrl } : {}),
    ...(settings.unsubscribe ? { unsubscribe: settings.unsubscribe } : {}),
  });
}
