import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type CpuProfile, stageTimes } from './profile.js';

function frame(functionName: string, url: string) {
  return { functionName, url, scriptId: '0', lineNumber: 0, columnNumber: 0 };
}

test('samples count for the stage folder of the nearest frame that has one; special frames by name', () => {
  const profile = {
    nodes: [
      { id: 1, callFrame: frame('(root)', ''), children: [2, 4] },
      { id: 2, callFrame: frame('extract', 'file:///app/dist/extract/extract.js'), children: [3] },
      // A built-in called from extract: a frame named like an Object.prototype key is no special one.
      { id: 3, callFrame: frame('toString', ''), children: [] },
      { id: 4, callFrame: frame('(garbage collector)', ''), children: [] },
    ],
    startTime: 0,
    endTime: 40,
    samples: [3, 3, 2, 4],
    timeDeltas: [10, 10, 10, 10],
  } as unknown as CpuProfile;
  assert.deepEqual(Object.fromEntries(stageTimes(profile)), { extract: 30, gc: 10 });
});
