/**
 * The plain-Node helpers: pr-comment.mjs against a local fake of the Azure DevOps pull-request threads
 * API (one thread, found again and updated on re-runs), and the errors of stack-order.mjs.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SCRIPTS, sandbox } from './support';

const exec = promisify(execFile);

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a helper without blocking the event loop (the fake server lives in this process). */
async function node(script: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Result> {
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

describe('pr-comment.mjs', () => {
  interface Thread {
    id: number;
    status: string | number;
    isDeleted?: boolean;
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
  const env = () => ({
    SYSTEM_ACCESSTOKEN: 'job-token',
    SYSTEM_COLLECTIONURI: base,
    SYSTEM_TEAMPROJECTID: 'project-id',
    BUILD_REPOSITORY_ID: 'repo-id',
    SYSTEM_PULLREQUEST_PULLREQUESTID: '42',
  });
  const post = () =>
    node('pr-comment.mjs', ['--file', review, '--file', policy, '--key', 'plan-review'], env());
  const MARKER = '<!-- azure-lakehouse-kit:plan-review -->';

  test('creates one thread, updates it when the report changes, leaves it alone when it does not', async () => {
    writeFileSync(review, '## Plan review\n\n3 to add\n');
    writeFileSync(policy, '## Policy report\n\nno findings\n');
    const first = await post();
    expect(first).toEqual({ code: 0, stdout: 'Created PR 42 thread 101.\n', stderr: '' });
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
    const second = await post();
    expect(second.stdout).toBe('Updated PR 42 thread 101.\n');
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
    expect((await post()).stdout).toBe('PR 42 thread 101 is up to date.\n');
    expect(requests.map((r) => r.method)).toEqual(['GET']);
  });

  test('a refused request fails the step and says which permission is missing', async () => {
    writeFileSync(review, 'review');
    failWith = 403;
    const result = await post();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `error: GET ${base}project-id/_apis/git/repositories/repo-id/pullRequests/42/threads`,
    );
    expect(result.stderr).toContain(
      'The build identity needs "Contribute to pull requests" on this repository (docs/azure-devops.md).',
    );
  });

  test('outside a pull-request build it posts nothing', async () => {
    writeFileSync(review, 'review');
    const result = await node('pr-comment.mjs', ['--file', review], {
      ...env(),
      SYSTEM_PULLREQUEST_PULLREQUESTID: '',
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Not a pull-request build');
    expect(requests).toEqual([]);
  });
});

describe('stack-order.mjs', () => {
  const manifestOf = (stacks: { name: string; deps?: string[] }[]) =>
    join(sandbox(stacks).root, 'cdktf.out', 'manifest.json');

  test('refuses a dependency cycle', async () => {
    const manifest = manifestOf([
      { name: 'dev-a', deps: ['dev-b'] },
      { name: 'dev-b', deps: ['dev-a'] },
      { name: 'dev-c' },
    ]);
    const result = await node('lib/stack-order.mjs', [manifest, 'dev']);
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: stacks dev-a, dev-b depend on each other in a cycle.\n',
    });
  });

  test('refuses a dependency on another environment', async () => {
    const manifest = manifestOf([{ name: 'dev-a', deps: ['prod-a'] }, { name: 'prod-a' }]);
    const result = await node('lib/stack-order.mjs', [manifest, 'dev']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "error: stack dev-a depends on prod-a, outside environment 'dev'; environments must not share stacks.\n",
    );
  });

  test('says to synthesize first when there is no manifest', async () => {
    const result = await node('lib/stack-order.mjs', ['/nonexistent/manifest.json', 'dev']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: cannot read \/nonexistent\/manifest\.json: .*Run `npm run synth` first\.\n$/,
    );
  });
});
