/**
 * The lines of a byte stream, as readline gives them with `crlfDelay: Infinity` (`\n`, `\r\n` and a
 * lone `\r` each end a line; a last line without an end still counts), but split on the bytes:
 * readline decodes every chunk, runs a regular expression over the text and builds a long line one
 * string piece at a time, which for JSON lines that each hold a whole HTML page cost about as much as
 * parsing them. A newline byte never sits inside a UTF-8 sequence, so decoding each whole line gives
 * the text that decoding the whole stream would.
 */
export async function* byteLines(input: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  let pending: Buffer[] = [];
  for await (const piece of input) {
    const chunk = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
    let start = 0;
    let nl = chunk.indexOf(10);
    while (nl !== -1) {
      let line = chunk.subarray(start, nl);
      if (pending.length) {
        pending.push(line);
        line = Buffer.concat(pending);
        pending = [];
      }
      yield* split(line);
      start = nl + 1;
      nl = chunk.indexOf(10, start);
    }
    if (start < chunk.length) pending.push(chunk.subarray(start));
  }
  if (pending.length) yield* split(Buffer.concat(pending));
}

/** The text of one line ended by `\n` (or by the end of the stream): a `\r` before that end is part of it, any other `\r` ends a line. */
function* split(bytes: Buffer): Generator<string> {
  const line = bytes[bytes.length - 1] === 13 ? bytes.subarray(0, -1) : bytes;
  let start = 0;
  let cr = line.indexOf(13);
  while (cr !== -1) {
    yield line.toString('utf8', start, cr);
    start = cr + 1;
    cr = line.indexOf(13, start);
  }
  yield line.toString('utf8', start);
}
