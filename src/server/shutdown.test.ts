import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stopOnSignals } from './shutdown.js';

/** Installs the handlers with a recorded exit; `process.emit` delivers a signal's event in-process. */
function install(stop: () => Promise<void>) {
  const exits: number[] = [];
  const logs: string[] = [];
  const remove = stopOnSignals(stop, {
    signals: ['SIGUSR2'],
    log: (m) => logs.push(m),
    exit: (c) => exits.push(c),
  });
  return { exits, logs, remove };
}

test('the first signal stops gracefully and exits 0, a second exits at once', async () => {
  let finish: () => void = () => undefined;
  const stopped = new Promise<void>((ok) => {
    finish = ok;
  });
  const calls: string[] = [];
  const { exits, logs, remove } = install(async () => {
    calls.push('stop');
    await stopped;
  });
  try {
    process.emit('SIGUSR2', 'SIGUSR2');
    assert.deepEqual(calls, ['stop']);
    assert.deepEqual(exits, [], 'still finishing');
    process.emit('SIGUSR2', 'SIGUSR2');
    assert.deepEqual(exits, [128 + 12], 'a second signal exits at once, 128 + its number');
    assert.match(logs[0] ?? '', /again: exiting now/);
    finish();
    await stopped;
    await new Promise((ok) => setImmediate(ok));
    assert.deepEqual(calls, ['stop'], 'stop ran once');
  } finally {
    remove();
  }
});

test('a clean stop exits 0, a failed one exits 1 and says why', async () => {
  const clean = install(async () => undefined);
  process.emit('SIGUSR2', 'SIGUSR2');
  await new Promise((ok) => setImmediate(ok));
  clean.remove();
  assert.deepEqual(clean.exits, [0]);
  const failed = install(async () => {
    throw new Error('the store would not close');
  });
  process.emit('SIGUSR2', 'SIGUSR2');
  await new Promise((ok) => setImmediate(ok));
  failed.remove();
  assert.deepEqual(failed.exits, [1]);
  assert.match(failed.logs[0] ?? '', /could not stop cleanly: the store would not close/);
});
