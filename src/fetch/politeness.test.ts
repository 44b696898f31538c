import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HostScheduler } from './politeness.js';

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
