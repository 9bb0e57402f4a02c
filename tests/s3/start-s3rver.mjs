// Starts s3rver (a real S3 implementation, pinned in package-lock.json) on a free loopback port for the export tests.
// Usage: node start-s3rver.mjs DATA_DIR BUCKET; prints "listening on http://127.0.0.1:PORT", runs until killed.
// The tests' clients sign with the keys test/test and demo/demo (the emulator does not check keys, s3rver does).
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const S3rver = require('s3rver');
const AWSAccount = require('s3rver/lib/models/account');
const FilesystemStore = require('s3rver/lib/stores/filesystem');
const fs = require('fs-extra');

// S3 makes a written object visible whole or not at all, and an aborted upload leaves nothing; s3rver writes (and
// copies) the object file in place, so a listing during a write, or after a client killed mid-upload, shows a partial
// object. The tests check that readers never see one, so the store writes beside the object file (a name s3rver does
// not list) and renames it into place, as S3 behaves.
let writes = 0;
for (const operation of ['putObject', 'copyObject']) {
  const original = FilesystemStore.prototype[operation];
  FilesystemStore.prototype[operation] = async function (...args) {
    const [bucket, key] = operation === 'putObject' ? [args[0].bucket, args[0].key] : [args[2], args[3]];
    if (operation === 'copyObject' && args[0] === bucket && args[1] === key) {
      return original.apply(this, args); // a metadata replacement: the object file is not written
    }
    const final = this.getResourcePath(bucket, key, 'object');
    const partial = `${final}.${++writes}.partial`;
    const store = Object.create(this, {
      getResourcePath: { value: (b, k, r) => (b === bucket && k === key && r === 'object' ? partial : this.getResourcePath(b, k, r)) },
    });
    const result = await original.apply(store, args);
    await fs.rename(partial, final);
    await fs.remove(`${partial}.md5`); // the checksum file a copy's metadata read makes beside the partial name
    return result;
  };
}

const [directory, bucket] = process.argv.slice(2);
AWSAccount.DUMMY_ACCOUNT.createKeyPair('test', 'test');
AWSAccount.DUMMY_ACCOUNT.createKeyPair('demo', 'demo');
const server = new S3rver({ address: '127.0.0.1', port: 0, directory, silent: true, configureBuckets: [{ name: bucket }] });
const { address, port } = await server.run();
console.log(`listening on http://${address}:${port}`);
