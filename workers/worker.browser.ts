import type { Endpoint } from 'comlink';
import { exposeApi } from './api.js';

// A browser Web Worker running replications for the pool (Vite bundles it as a module worker).
declare const self: Endpoint & { location: { href: string }; close(): void };
exposeApi(self, {
  testHooks: new URL(self.location.href).searchParams.has('testHooks'),
  exit: () => self.close(),
});
