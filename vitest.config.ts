import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = {
  "~": path.resolve(import.meta.dirname, "app"),
  "#db": path.resolve(import.meta.dirname, "db"),
};

/**
 * unit: pure functions. integration: real databases (PGlite always, PostgreSQL when
 * TEST_DATABASE_URL is set). fourth-service: the same, with a test-only e-service in the registry. e2e: the built portal in Chromium. security: hostile input against
 * the built portal. fault: portals killed, databases restarted, dependencies down — one file
 * at a time, after everything else (it stops servers other tests would otherwise share).
 */
export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node" },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          globalSetup: ["tests/support/postgres-template.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        // A fourth e-service that lives whole under tests/: the registry's lists are the test ones.
        resolve: {
          alias: [
            {
              find: /^~\/e-services\/list(\.server)?$/,
              replacement: path.resolve(import.meta.dirname, "tests/support/e-services/list$1"),
            },
            ...Object.entries(alias).map(([find, replacement]) => ({ find, replacement })),
          ],
        },
        test: {
          name: "fourth-service",
          include: ["tests/fourth-service/**/*.test.ts"],
          globalSetup: ["tests/support/postgres-template.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          globalSetup: ["tests/support/portal-process.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "security",
          include: ["tests/security/**/*.test.ts"],
          globalSetup: ["tests/support/security-portal.ts"],
          testTimeout: 180_000,
          hookTimeout: 120_000,
          sequence: { groupOrder: 1 },
        },
      },
      {
        resolve: { alias },
        test: {
          name: "fault",
          include: ["tests/fault/**/*.test.ts"],
          // One file after another, in one process.
          pool: "forks",
          poolOptions: { forks: { singleFork: true } },
          testTimeout: 300_000,
          hookTimeout: 180_000,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
