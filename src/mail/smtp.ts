/**
 * The SMTP side: an `smtp://` or `smtps://` URL becomes nodemailer options, and nodemailer's errors
 * become one-sentence `DaybriefError`s that never show the password.
 */
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { DaybriefError } from '../model/errors.js';

/** How long to wait for the connection, the greeting and any reply (nodemailer's defaults are minutes). */
const CONNECTION_TIMEOUT_MS = 20_000;
const SOCKET_TIMEOUT_MS = 60_000;

/**
 * nodemailer options for an SMTP URL: `smtp://user:pass@host:587` (plain, upgraded with STARTTLS when
 * the server offers it; port 587 by default) or `smtps://host:465` (TLS from the start). User and
 * password are percent-decoded. Throws `MAIL_BAD_SMTP_URL` for anything else.
 */
export function smtpOptions(url: string): SMTPTransport.Options {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badUrl(url);
  }
  const secure = parsed.protocol === 'smtps:';
  if ((!secure && parsed.protocol !== 'smtp:') || parsed.hostname === '') throw badUrl(url);
  const options: SMTPTransport.Options = {
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: parsed.port ? Number(parsed.port) : secure ? 465 : 587,
    secure,
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    greetingTimeout: CONNECTION_TIMEOUT_MS,
    socketTimeout: SOCKET_TIMEOUT_MS,
  };
  if (parsed.username) {
    options.auth = {
      user: decodeURIComponent(parsed.username),
      pass: decodeURIComponent(parsed.password),
    };
  }
  return options;
}

function badUrl(url: string): DaybriefError {
  return new DaybriefError(
    'mail',
    'MAIL_BAD_SMTP_URL',
    `"${redactSmtpUrl(url)}" is not an SMTP server URL; expected smtp://user:pass@host:587 or smtps://host:465`,
  );
}

/** The URL as it may be shown: scheme, host and port, without user, password, path or query. */
export function redactSmtpUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//').replace(/[?#].*$/, '');
  }
}

/** The fields of nodemailer's errors that say what went wrong. */
interface SmtpErrorLike {
  code?: string;
  command?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

/** Errors about one message (its recipient or its content), after which the next message may still go. */
const MESSAGE_ERRORS = new Set(['EENVELOPE', 'EMESSAGE']);

/** True when the server is reachable and refused only this message: other recipients are still tried. */
export function isMessageError(err: unknown): boolean {
  return MESSAGE_ERRORS.has((err as SmtpErrorLike)?.code ?? '');
}

function oneLine(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.\s]+$/, '');
}

/**
 * `MAIL_SMTP_FAILED`: one sentence naming the server, the recipient and what the server said (or why
 * it could not be reached), and that nothing was recorded.
 */
export function smtpError(err: unknown, server: string, recipient: string): DaybriefError {
  const e = (err ?? {}) as SmtpErrorLike;
  const where = redactSmtpUrl(server);
  let what: string;
  if (e.responseCode !== undefined && e.response) {
    const step = e.command ? `${e.command.split(' ')[0]} ` : '';
    what = `${where} refused the email to ${recipient} (${step}${oneLine(e.response)})`;
  } else if (e.code === 'EAUTH') {
    what = `${where} did not accept the login (${oneLine(e.message ?? 'authentication failed')})`;
  } else {
    what = `could not deliver to ${recipient} through ${where} (${oneLine(e.message ?? String(err))})`;
  }
  return new DaybriefError(
    'mail',
    'MAIL_SMTP_FAILED',
    `${what}; nothing was recorded, so the next run tries again`,
    { cause: err, details: { server: where, recipient, smtpCode: e.code, responseCode: e.responseCode } },
  );
}
