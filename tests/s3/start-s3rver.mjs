// Starts s3rver (a real S3 implementation, pinned in package-lock.json) on a free loopback port for the export tests.
// Usage: node start-s3rver.mjs DATA_DIR BUCKET; prints "listening on http://127.0.0.1:PORT", runs until killed.
// The tests' clients sign with the keys test/test and demo/demo (the emulator does not check keys, s3rver does).
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const S3rver = require('s3rver');
const AWSAccount = require('s3rver/lib/models/account');

const [directory, bucket] = process.argv.slice(2);
AWSAccount.DUMMY_ACCOUNT.createKeyPair('test', 'test');
AWSAccount.DUMMY_ACCOUNT.createKeyPair('demo', 'demo');
const server = new S3rver({ address: '127.0.0.1', port: 0, directory, silent: true, configureBuckets: [{ name: bucket }] });
const { address, port } = await server.run();
console.log(`listening on http://${address}:${port}`);
