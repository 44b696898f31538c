/**
 * Query parameters that only track where a click came from. Dropping them never changes the page, so
 * discovery removes them from links and duplicate detection ignores them.
 */
const TRACKING_PARAM =
  /^(utm_[a-z_]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|ocid|cmpid|icid|ncid|smid|smtyp|taid|at_medium|at_campaign|guccounter|guce_referrer|guce_referrer_sig|_ga|yclid|igshid|spm|ref_src)$/i;

/** True for a query parameter that only tracks the click (utm_*, fbclid, gclid, …). */
export function isTrackingParam(key: string): boolean {
  return TRACKING_PARAM.test(key);
}
