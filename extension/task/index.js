'use strict';

// The pipeline task: a thin wrapper that runs the .NET CLI shipped in ./cli with the task's inputs.
const path = require('path');
const tl = require('azure-pipelines-task-lib/task');
const { buildArguments, resultFor } = require('./args');

async function run() {
  try {
    const token = tl.getEndpointAuthorizationParameter('SystemVssConnection', 'AccessToken', true) || process.env.SYSTEM_ACCESSTOKEN;
    if (token) {
      tl.setSecret(token);
    }

    const summaryPath = path.join(tl.getVariable('Agent.TempDirectory') || process.cwd(), 'aithreatgate-summary.md');
    const args = buildArguments({
      threatModel: tl.getPathInput('threatModel', true),
      path: tl.getInput('path', false),
      sarif: tl.getInput('sarif', false),
      mode: tl.getInput('mode', true),
      blockPriority: tl.getInput('blockPriority', false),
      comment: tl.getBoolInput('comment', false),
      sarifOutput: tl.getInput('sarifOutput', false),
      summaryPath,
    });

    const dotnet = tl.tool(tl.which('dotnet', true));
    dotnet.arg(path.join(__dirname, 'cli', 'aithreatgate.dll'));
    dotnet.arg(args);
    const env = Object.assign({}, process.env);
    if (token) {
      env.SYSTEM_ACCESSTOKEN = token;
    }

    const code = await dotnet.exec({ env, ignoreReturnCode: true });
    const outcome = resultFor(code);
    tl.setResult(outcome.result === 'Succeeded' ? tl.TaskResult.Succeeded : tl.TaskResult.Failed, outcome.message);
  } catch (error) {
    tl.setResult(tl.TaskResult.Failed, `AiThreatGate could not run: ${error.message}`);
  }
}

run();
