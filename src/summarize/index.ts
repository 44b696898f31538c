/** The summarize stage: extractive summaries of articles and leads of stories. */
export { cleanSentence, isBoilerplateSentence, stripDateline } from './boilerplate.js';
export { type LeadSentence, storyLead } from './lead.js';
export { splitSentences } from './sentences.js';
export { type SummaryInput, summarize, summarizeText } from './summarize.js';
