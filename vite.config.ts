import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * One config for the web app (Vite) and the test suite (Vitest). The app's root is `ui/`
 * (index.html there) and it imports ../sim, ../scenarios and ../workers, so the dev server may
 * serve the whole repository; the tests keep running from the repository root.
 */
const repo = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('./ui', import.meta.url)),
  // Relative asset URLs: the built app works from any folder (a file share, a sub-path).
  base: './',
  build: {
    outDir: fileURLToPath(new URL('./dist-ui', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
  },
  // The replications run in module Web Workers (workers/browserPool.ts).
  worker: { format: 'es' },
  server: { fs: { allow: [repo] } },
  // Pre-bundle every dependency the app and its workers use, so the first visit never triggers a
  // dependency re-optimisation (and a page reload) in the middle of a run.
  optimizeDeps: {
    entries: ['index.html', '../workers/worker.browser.ts', 'comparison.worker.ts', 'planner.worker.ts'],
    include: ['d3', 'comlink', 'zod', 'seedrandom', 'simple-statistics', 'highs'],
  },
  test: {
    root: repo,
    dir: repo,
    // The machine has 2 cores: two forks keep the suite fast without oversubscribing it.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    // The browser tests run after the others, not beside them: Chromium, its workers and a Vite
    // server would otherwise compete for the same cores with the timed simulation tests (and the
    // app's test measures the page's main thread).
    projects: [
      { extends: true, test: { name: 'node', include: ['tests/**/*.test.ts'], exclude: ['tests/e2e/**'], sequence: { groupOrder: 0 } } },
      // One browser file at a time: two Chromiums and their workers on 2 cores would make the
      // main-thread (<= 50 ms) checks measure the machine, not the app.
      { extends: true, test: { name: 'browser', include: ['tests/e2e/**/*.test.ts'], fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});
