import type { PipelineEvent } from '../pipeline/events.js';

const BAR_WIDTH = 24;

function bar(done: number, total: number): string {
  const filled = total ? Math.round((done / total) * BAR_WIDTH) : BAR_WIDTH;
  return `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}]`;
}

/**
 * Renders pipeline events on a stream (stderr): a live bar on a terminal, plain lines at each stage
 * and every tenth of the work otherwise (logs stay short). Failures are always listed.
 */
export function progressPrinter(stream: NodeJS.WriteStream = process.stderr, opts: { quiet?: boolean } = {}) {
  const tty = stream.isTTY === true;
  let lastTenth = -1;
  let liveLine = false;
  const line = (text: string) => {
    if (liveLine) stream.write('\n');
    liveLine = false;
    stream.write(`${text}\n`);
  };
  return (e: PipelineEvent): void => {
    if (opts.quiet && (e.type === 'stage' || e.type === 'progress')) return;
    switch (e.type) {
      case 'stage':
        lastTenth = -1;
        line(`${e.topic}: ${e.stage}${e.total === undefined ? '' : ` ${e.total} articles`}`);
        break;
      case 'progress': {
        const text = `${e.topic}: fetch ${bar(e.done, e.total)} ${e.done}/${e.total}, ${e.failed} failed`;
        if (tty) {
          stream.write(`\r${text}`);
          liveLine = e.done < e.total;
          if (!liveLine) stream.write('\n');
        } else {
          const tenth = Math.floor((e.done / e.total) * 10);
          if (tenth !== lastTenth) line(text);
          lastTenth = tenth;
        }
        break;
      }
      case 'item-failed':
        line(`${e.topic}: failed ${e.url}: ${e.code}: ${e.message}`);
        break;
      case 'image-failed':
        line(`${e.topic}: no image ${e.url}: ${e.code}: ${e.message}`);
        break;
      case 'source-failed':
        line(`${e.topic}: source failed ${e.source}: ${e.code}: ${e.message}`);
        break;
      case 'day-failed':
        line(`${e.topic}: day ${e.date} failed, it will be run again next time: ${e.code}: ${e.message}`);
        break;
    }
  };
}
