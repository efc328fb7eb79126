/**
 * The plain-Node helpers, called in process (they are CommonJS modules with a thin command line):
 * pr-comment.js against a local fake of the Azure DevOps pull-request threads API (one thread, found again
 * and updated on re-runs), and stack-order.js on cdktf manifests. One command-line run each checks the
 * exit code and message a pipeline step would show.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SCRIPTS, type Yaml } from './support';

interface PrComment {
  parseArgs(argv: string[]): { files: string[]; key: string };
  postReport(args: { files: string[]; key: string }, env: NodeJS.ProcessEnv): Promise<string>;
}
interface StackOrder {
  stackOrder(manifest: Yaml, env: string): { name: string; dir: string; deps: string[] }[];
}
const { parseArgs, postReport }: PrComment = require(join(SCRIPTS, 'pr-comment.js'));
const { stackOrder }: StackOrder = require(join(SCRIPTS, 'lib', 'stack-order.js'));

const exec = promisify(execFile);

/** Runs a helper's command line without blocking the event loop (the fake server lives in this process). */
async function cli(script: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  try {
    const { stdout, stderr } = await exec(process.execPath, [join(SCRIPTS, script), ...args], {
      env: { PATH: process.env.PATH, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('pr-comment.js', () => {
  interface Thread {
    id: number;
    status: string | number;
    comments: { id: number; content: string }[];
  }
  let server: Server;
  let base: string;
  let threads: Thread[];
  let requests: { method: string; url: string; auth?: string; body?: unknown }[];
  let failWith: number | undefined;

  const THREADS = '/org/project-id/_apis/git/repositories/repo-id/pullRequests/42/threads';

  async function readBody(req: IncomingMessage): Promise<unknown> {
    let text = '';
    for await (const chunk of req) text += chunk;
    return text ? JSON.parse(text) : undefined;
  }

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const body = await readBody(req);
      requests.push({ method: req.method ?? '', url: req.url ?? '', auth: req.headers.authorization, body });
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(payload));
      };
      if (failWith)
        return send(failWith, { message: 'TF401027: You need the Git PullRequestContribute permission' });
      const url = new URL(req.url ?? '', 'http://x');
      const match = /^(.*\/threads)(?:\/(\d+))?(?:\/comments\/(\d+))?$/.exec(url.pathname);
      if (!match || match[1] !== THREADS || url.searchParams.get('api-version') !== '7.1')
        return send(404, {});
      const [, , threadId, commentId] = match;
      const thread = threads.find((t) => t.id === Number(threadId));
      const payload = body as Record<string, unknown>;
      if (req.method === 'GET' && !threadId) return send(200, { value: threads, count: threads.length });
      if (req.method === 'POST' && !threadId) {
        const created: Thread = {
          id: 100 + threads.length,
          status: payload.status as number,
          comments: (payload.comments as { content: string }[]).map((c, i) => ({
            id: i + 1,
            content: c.content,
          })),
        };
        threads.push(created);
        return send(200, created);
      }
      if (req.method === 'PATCH' && thread && commentId) {
        const comment = thread.comments.find((c) => c.id === Number(commentId));
        if (!comment) return send(404, {});
        comment.content = payload.content as string;
        return send(200, comment);
      }
      if (req.method === 'PATCH' && thread) {
        thread.status = payload.status as number;
        return send(200, thread);
      }
      return send(404, {});
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/org/`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  beforeEach(() => {
    // Someone else's thread on the same pull request must never be touched.
    threads = [{ id: 7, status: 'active', comments: [{ id: 1, content: 'Looks good to me' }] }];
    requests = [];
    failWith = undefined;
  });

  const dir = mkdtempSync(join(tmpdir(), 'pr-comment-'));
  const review = join(dir, 'plan-review.md');
  const policy = join(dir, 'policy-report.md');
  const env = (): NodeJS.ProcessEnv => ({
    SYSTEM_ACCESSTOKEN: 'job-token',
    SYSTEM_COLLECTIONURI: base,
    SYSTEM_TEAMPROJECTID: 'project-id',
    BUILD_REPOSITORY_ID: 'repo-id',
    SYSTEM_PULLREQUEST_PULLREQUESTID: '42',
  });
  const args = ['--file', review, '--file', policy, '--key', 'plan-review'];
  const MARKER = '<!-- azure-lakehouse-kit:plan-review -->';

  test('creates one thread, updates it when the report changes, leaves it alone when it does not', async () => {
    writeFileSync(review, '## Plan review\n\n3 to add\n');
    writeFileSync(policy, '## Policy report\n\nno findings\n');
    expect(await postReport(parseArgs(args), env())).toBe('Created PR 42 thread 101.');
    expect(requests.map((r) => [r.method, r.url, r.auth])).toEqual([
      ['GET', `${THREADS}?api-version=7.1`, 'Bearer job-token'],
      ['POST', `${THREADS}?api-version=7.1`, 'Bearer job-token'],
    ]);
    const content = `${MARKER}\n## Plan review\n\n3 to add\n\n---\n\n## Policy report\n\nno findings`;
    expect(requests[1].body).toEqual({
      comments: [{ parentCommentId: 0, content, commentType: 1 }],
      status: 1,
    });

    // A new push: same thread, new content, reopened.
    threads[1].status = 'fixed';
    requests = [];
    writeFileSync(review, '## Plan review\n\n1 to destroy\n');
    expect(await postReport(parseArgs(args), env())).toBe('Updated PR 42 thread 101.');
    expect(requests.map((r) => [r.method, r.url])).toEqual([
      ['GET', `${THREADS}?api-version=7.1`],
      ['PATCH', `${THREADS}/101/comments/1?api-version=7.1`],
      ['PATCH', `${THREADS}/101?api-version=7.1`],
    ]);
    expect(threads.map((t) => [t.id, t.status, t.comments[0].content])).toEqual([
      [7, 'active', 'Looks good to me'],
      [101, 1, `${MARKER}\n## Plan review\n\n1 to destroy\n\n---\n\n## Policy report\n\nno findings`],
    ]);

    // A re-run without changes: nothing written.
    requests = [];
    expect(await postReport(parseArgs(args), env())).toBe('PR 42 thread 101 is up to date.');
    expect(requests.map((r) => r.method)).toEqual(['GET']);
  });

  test('posts the files that exist and refuses when none does', async () => {
    writeFileSync(review, 'only the review');
    const missing = join(dir, 'missing.md');
    await postReport(parseArgs(['--file', review, '--file', missing]), env());
    expect((requests[1].body as Yaml).comments[0].content).toBe(`${MARKER}\nonly the review`);
    await expect(postReport(parseArgs(['--file', missing]), env())).rejects.toThrow(
      `none of ${missing} exists; nothing to post.`,
    );
  });

  test('outside a pull-request build it posts nothing', async () => {
    writeFileSync(review, 'review');
    const line = await postReport(parseArgs(['--file', review]), {
      ...env(),
      SYSTEM_PULLREQUEST_PULLREQUESTID: '',
    });
    expect(line).toBe(
      'Not a pull-request build (SYSTEM_PULLREQUEST_PULLREQUESTID is empty): nothing posted.',
    );
    expect(requests).toEqual([]);
  });

  test('without the job token it says how to map it', async () => {
    writeFileSync(review, 'review');
    await expect(
      postReport(parseArgs(['--file', review]), { ...env(), SYSTEM_ACCESSTOKEN: '' }),
    ).rejects.toThrow(
      'SYSTEM_ACCESSTOKEN is not set. Run this in a pull-request build and map SYSTEM_ACCESSTOKEN: $(System.AccessToken) in the step env.',
    );
  });

  test('on the command line, a refused request fails the step and names the missing permission', async () => {
    writeFileSync(review, 'review');
    failWith = 403;
    const result = await cli('pr-comment.js', ['--file', review], { ...env(), TF_BUILD: 'True' });
    expect(result.code).toBe(1);
    const message =
      `GET ${base}project-id/_apis/git/repositories/repo-id/pullRequests/42/threads?api-version=7.1 failed: 403 Forbidden ` +
      '{"message":"TF401027: You need the Git PullRequestContribute permission"} ' +
      'The build identity needs "Contribute to pull requests" on this repository (docs/azure-devops.md).';
    expect(result.stderr).toBe(`error: ${message}\n`);
    expect(result.stdout).toBe(`##vso[task.logissue type=error]${message}\n`);
  });
});

describe('stack-order.js', () => {
  const manifest = (stacks: { name: string; deps?: string[]; path?: string }[]) => ({
    stacks: Object.fromEntries(
      stacks.map((s) => [
        s.name,
        {
          name: s.name,
          constructPath: s.path ?? s.name,
          workingDirectory: `stacks/${s.name}`,
          dependencies: s.deps ?? [],
        },
      ]),
    ),
  });

  test('orders by dependencies (construct paths), not by name or manifest order', () => {
    const order = stackOrder(
      manifest([
        { name: 'dev-analytics', path: 'app/dev-analytics', deps: ['app/dev-data'] },
        { name: 'dev-data', path: 'app/dev-data', deps: ['app/dev-foundation', 'app/dev-foundation'] },
        { name: 'dev-foundation', path: 'app/dev-foundation' },
        { name: 'prod-foundation' },
      ]),
      'dev',
    );
    expect(order).toEqual([
      { name: 'dev-foundation', dir: 'stacks/dev-foundation', deps: [] },
      { name: 'dev-data', dir: 'stacks/dev-data', deps: ['dev-foundation'] },
      { name: 'dev-analytics', dir: 'stacks/dev-analytics', deps: ['dev-data'] },
    ]);
  });

  test.each([
    [
      'a cycle',
      [{ name: 'dev-a', deps: ['dev-b'] }, { name: 'dev-b', deps: ['dev-a'] }, { name: 'dev-c' }],
      'stacks dev-a, dev-b depend on each other in a cycle.',
    ],
    [
      'a dependency on another environment',
      [{ name: 'dev-a', deps: ['prod-a'] }, { name: 'prod-a' }],
      "stack dev-a depends on prod-a, outside environment 'dev'; environments must not share stacks.",
    ],
    [
      'an unknown dependency',
      [{ name: 'dev-a', deps: ['gone'] }],
      "stack dev-a depends on 'gone', which is not in the manifest.",
    ],
    [
      'no stack of the environment',
      [{ name: 'test-a' }],
      "no stack for environment 'dev' (stacks are named <env>-<layer>); found: test.",
    ],
  ])('refuses %s', (_name, stacks, message) => {
    expect(() => stackOrder(manifest(stacks), 'dev')).toThrow(message);
  });

  test('on the command line, says to synthesize first when there is no manifest', async () => {
    const result = await cli('lib/stack-order.js', ['/nonexistent/manifest.json', 'dev']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: cannot read \/nonexistent\/manifest\.json: .*Run `npm run synth` first\.\n$/,
    );
  });
});
