import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HostScheduler, type HostSlots } from './politeness.js';

test('an urgent request (a redirect hop, a retry) goes before those waiting; an aborted waiter leaves the line', async () => {
  const hosts = new HostScheduler(0);
  const order: string[] = [];
  let releaseFirst = () => {};
  const held = new Promise<void>((resolve) => {
    releaseFirst = resolve;
  });
  const job = (name: string, wait?: Promise<void>) => async () => {
    order.push(name);
    await wait;
    return name;
  };
  const first = hosts.run('h', job('first', held));
  const plain1 = hosts.run('h', job('plain1'));
  const plain2 = hosts.run('h', job('plain2'));
  const controller = new AbortController();
  const leaving = hosts.run('h', job('leaving'), controller.signal);
  const urgent = hosts.run('h', job('urgent'), undefined, true);
  const other = await hosts.run('other-host', job('other'));
  assert.equal(other, 'other', 'another host is not held up');
  controller.abort(new Error('budget'));
  await assert.rejects(leaving, /budget/);
  releaseFirst();
  await Promise.all([first, plain1, plain2, urgent]);
  assert.deepEqual(order, ['first', 'other', 'urgent', 'plain1', 'plain2']);
});

test('with shared host slots each request takes one and waits for it; a pause holds the others off; a failing slot store is ignored', async () => {
  const calls: string[] = [];
  const shared: HostSlots = {
    reserve: async (host, spacingMs) => {
      calls.push(`reserve ${host} ${spacingMs}`);
      // Another worker holds the host for the next 30 ms.
      return 30;
    },
    holdOff: async (host, ms) => {
      calls.push(`holdOff ${host} ${ms}`);
    },
  };
  const hosts = new HostScheduler(5, shared);
  const started = Date.now();
  const at = await hosts.run('h', async () => Date.now());
  assert.ok(at - started >= 25, `the request waited for its shared slot (${at - started} ms)`);
  await new Promise((ok) => setImmediate(ok));
  hosts.pause('h', 2000);
  assert.deepEqual(calls, ['reserve h 5', 'holdOff h 5', 'holdOff h 2000']);

  // No spacing (a replay): no shared slot is asked for.
  const none = new HostScheduler(0, shared);
  calls.length = 0;
  await none.run('h', async () => 'ok');
  assert.deepEqual(calls, []);

  // The database gone: the request still goes, with this process's spacing alone.
  const broken = new HostScheduler(1, {
    reserve: async () => {
      throw new Error('connection refused');
    },
    holdOff: async () => {
      throw new Error('connection refused');
    },
  });
  assert.equal(await broken.run('h', async () => 'sent'), 'sent');
  broken.pause('h', 10);
});

test('a request aborted while it waits for its slot holds nothing off afterwards', async () => {
  const calls: string[] = [];
  const shared: HostSlots = {
    reserve: async (host) => {
      calls.push(`reserve ${host}`);
      return 60_000;
    },
    holdOff: async (host, ms) => {
      calls.push(`holdOff ${host} ${ms}`);
    },
  };
  const hosts = new HostScheduler(5, shared);
  const stop = new AbortController();
  const waiting = hosts.run('h', async () => assert.fail('an aborted request was sent'), stop.signal);
  // It has reserved its shared slot and waits for it; its attempt is given up.
  while (calls.length === 0) await new Promise((ok) => setImmediate(ok));
  stop.abort(new Error('the job expired'));
  await assert.rejects(waiting, { name: 'AbortError' });
  await new Promise((ok) => setImmediate(ok));
  assert.deepEqual(calls, ['reserve h'], 'no hold-off for a request never sent');
});
