/** The summarize stage: extractive summaries of articles and leads of stories. */
export { cleanSentence, isBoilerplateSentence, stripDateline } from './boilerplate.js';
export { type LeadSentence, storyLead } from './lead.js';
export { sentenceKey, splitSentences } from './sentences.js';
export { type SummarizeOptions, type SummaryInput, summarize, summarizeText } from './summarize.js';
export { outletTemplates, sentenceKeys, type TemplateSource, withoutTemplate } from './template.js';
