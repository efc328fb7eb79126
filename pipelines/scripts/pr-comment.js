#!/usr/bin/env node
// Posts a Markdown report to the pull request of the current build, in ONE thread that later runs
// update instead of adding new comments.
//
//   node pipelines/scripts/pr-comment.mjs --file plan-review.md [--file more.md] [--key plan-review]
//
// Uses the Azure DevOps REST API (Pull Request Threads, api-version 7.1) with the job's access token.
// Environment (Azure Pipelines sets all but the token; map it with SYSTEM_ACCESSTOKEN: $(System.AccessToken)):
//   SYSTEM_ACCESSTOKEN, SYSTEM_COLLECTIONURI, SYSTEM_TEAMPROJECTID, BUILD_REPOSITORY_ID,
//   SYSTEM_PULLREQUEST_PULLREQUESTID
// The build identity needs "Contribute to pull requests" on the repository (docs/azure-devops.md).
// The thread is found again by a hidden marker in its first comment: <!-- azure-lakehouse-kit:<key> -->.
// Plain Node 20 (global fetch), no dependencies.
import { existsSync, readFileSync } from 'node:fs';

const API_VERSION = '7.1';
// Azure DevOps rejects comments over 150,000 characters; leave room for the marker and the note.
const MAX_CONTENT = 140_000;
const THREAD_ACTIVE = 1;

function fail(message) {
  process.stderr.write(`error: ${message}\n`);
  if (process.env.TF_BUILD) process.stdout.write(`##vso[task.logissue type=error]${message}\n`);
  process.exit(1);
}

function parseArgs(argv) {
  const files = [];
  let key = 'plan-review';
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (!value) fail(`missing value for ${flag}`);
    if (flag === '--file') files.push(value);
    else if (flag === '--key') key = value;
    else fail(`unknown option ${flag}; usage: pr-comment.mjs --file <md> [--file <md>] [--key <name>]`);
  }
  if (files.length === 0) fail('usage: pr-comment.mjs --file <md> [--file <md>] [--key <name>]');
  return { files, key };
}

function env(name) {
  const value = process.env[name];
  if (!value) {
    fail(
      `${name} is not set. Run this in a pull-request build` +
        (name === 'SYSTEM_ACCESSTOKEN'
          ? ' and map SYSTEM_ACCESSTOKEN: $(System.AccessToken) in the step env.'
          : '.'),
    );
  }
  return value;
}

function body(files, marker) {
  const parts = files.filter((file) => existsSync(file)).map((file) => readFileSync(file, 'utf8').trim());
  if (parts.length === 0) fail(`none of ${files.join(', ')} exists; nothing to post.`);
  let content = parts.join('\n\n---\n\n');
  if (content.length > MAX_CONTENT) {
    content = `${content.slice(0, MAX_CONTENT)}\n\n_(truncated: the full report is in the build's artifacts and log)_`;
  }
  return `${marker}\n${content}`;
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
    fail(`${method} ${url} failed: ${response.status} ${response.statusText} ${text.slice(0, 300)}${hint}`);
  }
  return response.json();
}

async function main() {
  const { files, key } = parseArgs(process.argv.slice(2));
  const pullRequestId = process.env.SYSTEM_PULLREQUEST_PULLREQUESTID;
  if (!pullRequestId) {
    process.stdout.write(
      'Not a pull-request build (SYSTEM_PULLREQUEST_PULLREQUESTID is empty): nothing posted.\n',
    );
    return;
  }
  const token = env('SYSTEM_ACCESSTOKEN');
  const collection = env('SYSTEM_COLLECTIONURI').replace(/\/?$/, '/');
  const project = env('SYSTEM_TEAMPROJECTID');
  const repository = env('BUILD_REPOSITORY_ID');
  const marker = `<!-- azure-lakehouse-kit:${key} -->`;
  const content = body(files, marker);
  const threads = `${collection}${encodeURIComponent(project)}/_apis/git/repositories/${encodeURIComponent(repository)}/pullRequests/${pullRequestId}/threads`;

  const existing = (await call('GET', `${threads}?api-version=${API_VERSION}`, token)).value ?? [];
  const thread = existing.find((t) => !t.isDeleted && t.comments?.[0]?.content?.includes(marker));
  if (thread && thread.comments[0].content === content) {
    process.stdout.write(`PR ${pullRequestId} thread ${thread.id} is up to date.\n`);
  } else if (thread) {
    const comment = thread.comments[0];
    await call('PATCH', `${threads}/${thread.id}/comments/${comment.id}?api-version=${API_VERSION}`, token, {
      content,
    });
    // A resolved thread is reopened: the report changed and deserves another look.
    await call('PATCH', `${threads}/${thread.id}?api-version=${API_VERSION}`, token, {
      status: THREAD_ACTIVE,
    });
    process.stdout.write(`Updated PR ${pullRequestId} thread ${thread.id}.\n`);
  } else {
    const created = await call('POST', `${threads}?api-version=${API_VERSION}`, token, {
      comments: [{ parentCommentId: 0, content, commentType: 1 }],
      status: THREAD_ACTIVE,
    });
    process.stdout.write(`Created PR ${pullRequestId} thread ${created.id}.\n`);
  }
}

main().catch((error) => fail(error.message));
