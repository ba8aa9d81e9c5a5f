'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { buildArguments, resultFor } = require('../args');

const base = { threatModel: 'THREATMODEL.md', summaryPath: '/tmp/summary.md' };

test('pr mode runs check in Azure DevOps mode and analyzes the path when no SARIF is given', () => {
  assert.deepEqual(buildArguments({ ...base, mode: 'pr', path: 'src/App.sln' }), [
    'check', '--azure-devops', '--threat-model', 'THREATMODEL.md', '--markdown-output', '/tmp/summary.md', '--path', 'src/App.sln',
  ]);
});

test('release mode runs release', () => {
  assert.equal(buildArguments({ ...base, mode: 'release' })[0], 'release');
});

test('SARIF files on several lines or commas become repeated --sarif options and replace --path', () => {
  const args = buildArguments({ ...base, mode: 'pr', path: 'x', sarif: 'a.sarif\nb/*.sarif, c.sarif\n' });
  assert.deepEqual(args.filter((a, i) => args[i - 1] === '--sarif'), ['a.sarif', 'b/*.sarif', 'c.sarif']);
  assert.ok(!args.includes('--path'));
});

test('optional inputs map to their options; comment false turns the thread off', () => {
  const args = buildArguments({ ...base, mode: 'pr', blockPriority: 'critical', sarifOutput: 'gate.sarif', comment: false });
  assert.deepEqual(args.slice(-6), ['--block-priority', 'critical', '--sarif-output', 'gate.sarif', '--comment', 'off']);
  assert.ok(!buildArguments({ ...base, mode: 'pr', comment: true }).includes('--comment'));
});

test('an unknown mode is an error, not a silent default', () => {
  assert.throws(() => buildArguments({ ...base, mode: 'nightly' }), /mode must be pr or release/);
});

test('exit codes: 0 succeeds, 1 is blocked, anything else failed to evaluate and never passes', () => {
  assert.equal(resultFor(0).result, 'Succeeded');
  assert.equal(resultFor(1).result, 'Failed');
  assert.match(resultFor(1).message, /blocked/);
  for (const code of [2, 3, 134, -1]) {
    assert.equal(resultFor(code).result, 'Failed');
    assert.match(resultFor(code).message, /could not evaluate/);
  }
});
