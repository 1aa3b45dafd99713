import type { Endpoint } from 'comlink';
import { exposeApi } from './api.js';

// A browser Web Worker running replications for the pool (Vite bundles it as a module worker).
// Fault-injection hooks are for the Node pool's tests; a browser worker never honours them.
declare const self: Endpoint & { close(): void };
exposeApi(self, { testHooks: false, exit: () => self.close() });
