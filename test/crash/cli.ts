/**
 * The `daybrief` CLI for the kill-and-resume tests, run from source. With `CRASH_TEST_NOW` set
 * (an ISO instant), `new Date()` without arguments answers that instant, so the "generated at"
 * stamps in the site and the digests are the same in every run and a site can be compared with a
 * reference build byte for byte. `Date.now()` stays real, so timers and timeouts behave as usual.
 */
const fixed = process.env.CRASH_TEST_NOW;
if (fixed) {
  const instant = Date.parse(fixed);
  const RealDate = Date;
  class FixedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(instant);
      else super(...(args as [string]));
    }
  }
  globalThis.Date = FixedDate as DateConstructor;
}

const { main } = await import('../../src/cli/main.js');
process.exitCode = await main(process.argv.slice(2));
