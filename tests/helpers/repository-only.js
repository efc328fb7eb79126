// Inside the tests, the folder that holds the repository (its siblings, such as a shared data folder) does not exist, as on a
// fresh clone: `existsSync` answers false and every other file-system call fails with ENOENT. A test that reads
// something next to the repository fails here, on every machine, not only on a user's. Node's `fs` module is one
// object per worker, so wrapping its functions once covers the code under test as well (jest's own file access
// goes through graceful-fs copies made before). Processes the tests spawn are covered by the source scan in
// tests/fresh-machine.test.ts instead.
const fs = require('node:fs');
const { tmpdir } = require('node:os');
const { dirname, resolve, sep } = require('node:path');

const ROOT = resolve(__dirname, '..', '..');
const PARENT = dirname(ROOT);
/** A repository at the top of the file system has no folder of its own to hide. */
const GUARDED = dirname(PARENT) !== PARENT;

/**
 * Whether a path lies next to the repository: in its parent folder, but not in the repository, not in the temporary
 * folder (a checkout in /tmp has it beside it) and not in a hidden folder (a checkout in a home folder has ~/.npm).
 */
function outside(path) {
  if (!GUARDED) return false;
  if (typeof path !== 'string' && !(path instanceof URL) && !Buffer.isBuffer(path)) return false;
  const full = resolve(path instanceof URL ? path.pathname : String(path));
  if (full === ROOT || full.startsWith(ROOT + sep)) return false;
  const temp = resolve(tmpdir());
  if (full === temp || full.startsWith(temp + sep)) return false;
  if (full === PARENT) return true;
  return full.startsWith(PARENT + sep) && !full.slice(PARENT.length + 1).startsWith('.');
}

function missing(path, syscall) {
  const error = new Error(
    `ENOENT: no such file or directory, ${syscall} '${path}' (outside the repository: a fresh clone does not have it)`,
  );
  return Object.assign(error, { code: 'ENOENT', errno: -2, syscall, path: String(path) });
}

const SYNC = [
  'accessSync',
  'lstatSync',
  'openSync',
  'opendirSync',
  'readFileSync',
  'readdirSync',
  'realpathSync',
  'statSync',
];
const ASYNC = ['access', 'lstat', 'open', 'opendir', 'readFile', 'readdir', 'realpath', 'stat'];

if (!fs.existsSync.repositoryOnly) {
  const existsSync = fs.existsSync;
  fs.existsSync = Object.assign((path) => !outside(path) && existsSync(path), { repositoryOnly: true });
  for (const name of SYNC) {
    const original = fs[name];
    // Object.assign keeps properties such as realpathSync.native.
    fs[name] = Object.assign(function (path, ...rest) {
      if (outside(path)) {
        if (rest[0]?.throwIfNoEntry === false) return undefined; // statSync(path, { throwIfNoEntry: false })
        throw missing(path, name.replace(/Sync$/, ''));
      }
      return original.call(this, path, ...rest);
    }, original);
  }
  for (const name of ASYNC) {
    const original = fs.promises[name];
    fs.promises[name] = function (path, ...rest) {
      return outside(path) ? Promise.reject(missing(path, name)) : original.call(this, path, ...rest);
    };
  }
}

module.exports = { outside };
