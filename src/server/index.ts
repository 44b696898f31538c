export { listen } from './node.js';
export { staticHandler } from './static.js';
