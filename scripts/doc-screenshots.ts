/**
 * Refreshes the README's screenshots from the browser suite's artefacts: the top of the demo's day
 * page at 1280 px light and 390 px dark, cropped and reduced to a palette so they stay small.
 *
 *   node --import tsx --test test/browser/site.test.ts   # writes test-artifacts/browser/*.png
 *   node --import tsx scripts/doc-screenshots.ts         # writes docs/day-page-*.png
 */
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { ARTIFACTS } from '../test/browser/harness.js';

const DOCS = fileURLToPath(new URL('../docs/', import.meta.url));
/** Artefact, and how much of the page's top to keep (px). */
const SHOTS: Array<[name: string, height: number]> = [
  ['day-1280-light', 1000],
  ['day-390-dark', 1500],
];

async function main(): Promise<void> {
  for (const [name, height] of SHOTS) {
    const source = `${ARTIFACTS}${name}.png`;
    const { width = 0, height: full = 0 } = await sharp(source).metadata();
    const target = `${DOCS}day-page-${name.slice('day-'.length)}.png`;
    const info = await sharp(source)
      .extract({ left: 0, top: 0, width, height: Math.min(height, full) })
      .png({ palette: true, colours: 96, effort: 10 })
      .toFile(target);
    process.stdout.write(`${target}: ${info.width}×${info.height}, ${Math.round(info.size / 1024)} KiB\n`);
  }
}

await main();
