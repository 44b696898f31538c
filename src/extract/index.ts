/** The extract stage's public surface. */
export { cleanByline } from './byline.js';
export { dateFromUrl, parseDate } from './dates.js';
export { type ExtractOptions, extract } from './extract.js';
export { firstContentImage, type Metadata, type MetadataOptions, readMetadata } from './metadata.js';
export { cleanTitleTag, stripSiteName } from './title.js';
export { isBadImageUrl, outletFromUrl, resolveHttpUrl } from './urls.js';
