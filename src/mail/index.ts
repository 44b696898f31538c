export { mailAfterBuild } from './after-build.js';
export { type ComposedEmail, type ComposeOptions, composeDayEmail, emailSubject } from './compose.js';
export { type EmailSettings, emailSettings, type PlanRequest, type PlanResult, planEmails } from './plan.js';
export {
  dayMessageId,
  type MailPlan,
  normaliseAddress,
  type SendOptions,
  type SendReport,
  type SendResult,
  type SendStatus,
  sendDayEmails,
} from './send.js';
export { redactSmtpUrl, smtpError, smtpOptions } from './smtp.js';
