import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { parentPort, workerData } from 'node:worker_threads';
import { exposeApi } from './api.js';

// A Node worker thread running replications for the pool.
if (!parentPort) throw new Error('worker.node must run as a worker thread');
exposeApi(nodeEndpoint(parentPort), {
  testHooks: (workerData as { testHooks?: boolean } | undefined)?.testHooks === true,
  exit: () => process.exit(3),
});
