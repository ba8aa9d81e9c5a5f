'use strict';

/**
 * Maps the task's inputs to the AiThreatGate CLI's arguments. Pure, so the tests can check it without an agent.
 * @param {{threatModel: string, path?: string, sarif?: string, mode?: string, blockPriority?: string, comment?: boolean, sarifOutput?: string, summaryPath: string}} inputs
 * @returns {string[]}
 */
function buildArguments(inputs) {
  const mode = inputs.mode || 'pr';
  if (mode !== 'pr' && mode !== 'release') {
    throw new Error(`mode must be pr or release, not '${mode}'`);
  }

  const args = [mode === 'release' ? 'release' : 'check', '--azure-devops', '--threat-model', inputs.threatModel, '--markdown-output', inputs.summaryPath];
  const sarif = (inputs.sarif || '').split(/[\r\n,]+/).map((s) => s.trim()).filter((s) => s.length > 0);
  if (sarif.length > 0) {
    for (const file of sarif) {
      args.push('--sarif', file);
    }
  } else {
    args.push('--path', inputs.path || '.');
  }

  if (inputs.blockPriority) {
    args.push('--block-priority', inputs.blockPriority);
  }

  if (inputs.sarifOutput) {
    args.push('--sarif-output', inputs.sarifOutput);
  }

  if (inputs.comment === false) {
    args.push('--comment', 'off');
  }

  return args;
}

/**
 * The task result for a CLI exit code: 0 pass, 1 blocked, anything else could not evaluate (never a pass).
 * @param {number} code
 * @returns {{result: 'Succeeded' | 'Failed', message: string}}
 */
function resultFor(code) {
  if (code === 0) {
    return { result: 'Succeeded', message: 'AiThreatGate: pass' };
  }

  if (code === 1) {
    return { result: 'Failed', message: 'AiThreatGate blocked this change: see the summary tab and the PR comment thread.' };
  }

  return { result: 'Failed', message: `AiThreatGate could not evaluate (exit code ${code}): this never passes.` };
}

module.exports = { buildArguments, resultFor };
