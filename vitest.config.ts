import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    setupFiles: ["test/support/per-file-database.ts"],
    testTimeout: 30_000,
    // Worker and browser tests wait on real timers, Redis and Chromium; on a loaded 2-core CI
    // machine one of them can miss its window. A second attempt must pass in full, and vitest
    // reports every retry, so a real fault still fails the run.
    retry: 1,
    hookTimeout: 60_000,
    // Each file runs in its own process on its own copy of the run database (setupFiles).
    pool: "forks",
  },
});
