#!/usr/bin/env node
// Posts a Markdown report to the pull request of the current build, in ONE thread that later runs
// update instead of adding new comments.
//
//   node pipelines/scripts/pr-comment.js --file plan-review.md [--file more.md] [--key plan-review]
//
// Uses the Azure DevOps REST API (Pull Request Threads, api-version 7.1) with the job's access token.
// Environment (Azure Pipelines sets all but the token; map it with SYSTEM_ACCESSTOKEN: $(System.AccessToken)):
//   SYSTEM_ACCESSTOKEN, SYSTEM_COLLECTIONURI, SYSTEM_TEAMPROJECTID, BUILD_REPOSITORY_ID,
//   SYSTEM_PULLREQUEST_PULLREQUESTID
// The build identity needs "Contribute to pull requests" on the repository (docs/azure-devops.md).
// The thread is found again by a hidden marker in its first comment: <!-- azure-lakehouse-kit:<key> -->.
// Plain Node 20 (global fetch), no dependencies; CommonJS so the tests can call postReport() directly.

const { existsSync, readFileSync } = require('node:fs');

const API_VERSION = '7.1';
// Azure DevOps rejects comments over 150,000 characters; leave room for the marker and the note.
const MAX_CONTENT = 140_000;
const THREAD_ACTIVE = 1;
const USAGE = 'usage: pr-comment.js --file <md> [--file <md>] [--key <name>]';

function parseArgs(argv) {
  const files = [];
  let key = 'plan-review';
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (!value) throw new Error(`missing value for ${flag}; ${USAGE}`);
    if (flag === '--file') files.push(value);
    else if (flag === '--key') key = value;
    else throw new Error(`unknown option ${flag}; ${USAGE}`);
  }
  if (files.length === 0) throw new Error(USAGE);
  return { files, key };
}

function required(env, name) {
  const value = env[name];
  if (!value) {
    const hint =
      name === 'SYSTEM_ACCESSTOKEN'
        ? ' and map SYSTEM_ACCESSTOKEN: $(System.AccessToken) in the step env'
        : '';
    throw new Error(`${name} is not set. Run this in a pull-request build${hint}.`);
  }
  return value;
}

function content(files, marker) {
  const parts = files.filter((file) => existsSync(file)).map((file) => readFileSync(file, 'utf8').trim());
  if (parts.length === 0) throw new Error(`none of ${files.join(', ')} exists; nothing to post.`);
  let text = parts.join('\n\n---\n\n');
  if (text.length > MAX_CONTENT) {
    text = `${text.slice(0, MAX_CONTENT)}\n\n_(truncated: the full report is in the build's artifacts and log)_`;
  }
  return `${marker}\n${text}`;
}

async function call(method, url, token, payload) {
  const response = await fetch(url, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
      Accept: 'application/json',
    },
    body: payload === undefined ? undefined : JSON.stringify(payload),
  });
  if (!response.ok) {
    const text = await response.text();
    const hint =
      response.status === 401 || response.status === 403
        ? ' The build identity needs "Contribute to pull requests" on this repository (docs/azure-devops.md).'
        : '';
    throw new Error(
      `${method} ${url} failed: ${response.status} ${response.statusText} ${text.slice(0, 300)}${hint}`,
    );
  }
  return response.json();
}

/**
 * Creates the report thread, or updates (and reopens) it when its content changed. Returns what it did,
 * as a line for the log. Throws with a message that says how to fix the problem.
 */
async function postReport({ files, key }, env) {
  const pullRequestId = env.SYSTEM_PULLREQUEST_PULLREQUESTID;
  if (!pullRequestId)
    return 'Not a pull-request build (SYSTEM_PULLREQUEST_PULLREQUESTID is empty): nothing posted.';
  const token = required(env, 'SYSTEM_ACCESSTOKEN');
  const collection = required(env, 'SYSTEM_COLLECTIONURI').replace(/\/?$/, '/');
  const project = encodeURIComponent(required(env, 'SYSTEM_TEAMPROJECTID'));
  const repository = encodeURIComponent(required(env, 'BUILD_REPOSITORY_ID'));
  const marker = `<!-- azure-lakehouse-kit:${key} -->`;
  const text = content(files, marker);
  const threads = `${collection}${project}/_apis/git/repositories/${repository}/pullRequests/${pullRequestId}/threads`;

  const existing = (await call('GET', `${threads}?api-version=${API_VERSION}`, token)).value ?? [];
  const thread = existing.find((t) => !t.isDeleted && t.comments?.[0]?.content?.includes(marker));
  if (!thread) {
    const created = await call('POST', `${threads}?api-version=${API_VERSION}`, token, {
      comments: [{ parentCommentId: 0, content: text, commentType: 1 }],
      status: THREAD_ACTIVE,
    });
    return `Created PR ${pullRequestId} thread ${created.id}.`;
  }
  const comment = thread.comments[0];
  if (comment.content === text) return `PR ${pullRequestId} thread ${thread.id} is up to date.`;
  await call('PATCH', `${threads}/${thread.id}/comments/${comment.id}?api-version=${API_VERSION}`, token, {
    content: text,
  });
  // A resolved thread is reopened: the report changed and deserves another look.
  await call('PATCH', `${threads}/${thread.id}?api-version=${API_VERSION}`, token, { status: THREAD_ACTIVE });
  return `Updated PR ${pullRequestId} thread ${thread.id}.`;
}

module.exports = { parseArgs, postReport };

if (require.main === module) {
  Promise.resolve()
    .then(() => postReport(parseArgs(process.argv.slice(2)), process.env))
    .then((line) => process.stdout.write(`${line}\n`))
    .catch((error) => {
      if (process.env.TF_BUILD) process.stdout.write(`##vso[task.logissue type=error]${error.message}\n`);
      process.stderr.write(`error: ${error.message}\n`);
      process.exitCode = 1;
    });
}
