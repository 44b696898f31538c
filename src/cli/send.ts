import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { resolveSettings } from '../config/resolve.js';
import { emailAddress } from '../config/schema.js';
import { emailSettings, planEmails, redactSmtpUrl, type SendResult, sendDayEmails } from '../mail/index.js';
import { DaybriefError } from '../model/errors.js';
import { safeUrl } from '../publish/html.js';
import { checkDate } from '../publish/paths.js';
import { openStore } from '../store/index.js';
import { collectFlag } from './topic-args.js';

const POSTGRES_URL = /^postgres(ql)?:\/\//i;
/** The From address of a dry run when none is configured. */
const DRY_RUN_FROM = 'daybrief <daybrief@localhost>';

export interface SendFlags {
  config?: string;
  db?: string;
  topic?: string;
  date?: string;
  to?: string[];
  smtp?: string;
  from?: string;
  siteUrl?: string;
  dryRun?: boolean;
}

function badFlag(message: string): DaybriefError {
  return new DaybriefError('cli', 'CLI_BAD_FLAG', message);
}

function checkFlags(flags: SendFlags): void {
  if (flags.date !== undefined) {
    try {
      checkDate(flags.date);
    } catch {
      throw badFlag(`--date expects a day as YYYY-MM-DD, got "${flags.date}"`);
    }
  }
  if (flags.siteUrl !== undefined && safeUrl(flags.siteUrl) === undefined) {
    throw badFlag(`--site-url expects an http(s) URL, got "${flags.siteUrl}"`);
  }
  for (const to of flags.to ?? []) {
    if (!emailAddress.safeParse(to).success) throw badFlag(`--to expects an email address, got "${to}"`);
  }
}

const STATUS_WORDS: Record<SendResult['status'], string> = {
  sent: 'sent',
  'already-sent': 'already sent',
  'would-send': 'would send',
  failed: 'not sent',
  'not-tried': 'not tried',
};

/** `daybrief send`: mails each topic's day to the recipients who have not had it yet. */
export async function sendCommand(
  flags: SendFlags,
  out: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  checkFlags(flags);
  const resolved = await resolveSettings(flags);
  // Topics and recipients come from the config file when there is one, else from the store.
  const config = resolved.configFile ? resolved : undefined;
  const settings = emailSettings(config);
  const database = resolved.database;
  if (!POSTGRES_URL.test(database) && !existsSync(database)) {
    throw new DaybriefError(
      'mail',
      'MAIL_NO_DAY',
      `there is no database at ${database}: run \`daybrief run\` first, or pass --db FILE`,
    );
  }
  const smtp = resolved.email?.smtp;
  const from = resolved.email?.from ?? (flags.dryRun ? DRY_RUN_FROM : undefined);
  if (from === undefined) {
    throw new DaybriefError(
      'mail',
      'MAIL_NO_SENDER',
      'no sender: set "email.from" in the config or pass --from news@example.org',
    );
  }
  const siteUrl = resolved.email?.siteUrl;
  const store = await openStore(database);
  try {
    const request = {
      ...(flags.topic ? { topic: flags.topic } : {}),
      ...(flags.date ? { date: flags.date } : {}),
      ...(flags.to?.length ? { to: flags.to } : {}),
    };
    const { plans, skipped } = await planEmails(store, settings, request);
    for (const s of skipped) out.write(`skipped ${s.topic}: ${s.reason}\n`);
    const report = await sendDayEmails(store, plans, {
      from,
      dryRun: flags.dryRun ?? false,
      ...(smtp ? { smtp } : {}),
      ...(siteUrl ? { siteUrl } : {}),
      ...(settings.unsubscribe ? { unsubscribe: settings.unsubscribe } : {}),
      title: resolved.title,
    });
    for (const r of report.results) {
      out.write(`${STATUS_WORDS[r.status]}: "${r.subject}" to ${r.recipient}\n`);
    }
    const already = report.results.filter((r) => r.status === 'already-sent').length;
    const via = smtp && !flags.dryRun ? ` through ${redactSmtpUrl(smtp)}` : '';
    const verb = flags.dryRun ? 'would send' : 'sent';
    const due = flags.dryRun ? report.results.filter((r) => r.status === 'would-send').length : report.sent;
    out.write(`email: ${due} ${verb}${via}, ${already} already sent before\n`);
    if (report.error) throw report.error;
  } finally {
    await store.close();
  }
  return 0;
}

/** The `send` command's definition. */
export function sendCli(): Command {
  return new Command('send')
    .description("email each topic's day (the newest, or --date) to the recipients who have not had it yet")
    .option(
      '-c, --config <file>',
      'configuration file (default: DAYBRIEF_CONFIG, else ./daybrief.config.json if present)',
    )
    .option('--db <file|url>', 'SQLite file or postgres:// URL (default: from config, else daybrief.sqlite)')
    .option('--topic <slug>', 'only this topic (default: every topic)')
    .option('--date <YYYY-MM-DD>', "the day to send (default: each topic's newest)")
    .option('--to <address>', "recipient instead of the config's (repeatable)", collectFlag)
    .option(
      '--smtp <url>',
      'SMTP server, smtp://user:pass@host:587 or smtps://host:465 (default: DAYBRIEF_SMTP, else email.smtp)',
    )
    .option('--from <address>', 'From address (default: DAYBRIEF_FROM, else email.from)')
    .option(
      '--site-url <url>',
      'public address of the site, for links to the day page (default: DAYBRIEF_SITE_URL, else email.siteUrl)',
    )
    .option('--dry-run', 'show what would be sent; send and record nothing')
    .action(async (flags: SendFlags) => {
      process.exitCode = await sendCommand(flags);
    });
}
