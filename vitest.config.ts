import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    setupFiles: ["test/support/per-file-database.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests share one database per run; files run in parallel on their own data.
    pool: "forks",
  },
});
