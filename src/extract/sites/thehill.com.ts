import type { SiteRule } from './types.js';

/** The Hill: every politician's name in the text carries a hover card of their latest headlines. */
export const thehill: SiteRule = {
  domains: ['thehill.com'],
  why:
    'Each linked name hides a <span class="rollover-people-block"> with the person\'s name again and ' +
    'three to five headlines of other stories, inline inside the sentence: the text reads ' +
    '"Rep. Jane DoeJane DoeOther headline …". It is hidden by a stylesheet, so no generic rule sees it.',
  drop: ['.rollover-people-block'],
};
