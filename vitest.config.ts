import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // Tests run against the sources; the published entry points are checked by the registry round trip.
    // Bare package names resolve to sources; subpath exports go through each package's `exports`.
    alias: [
      {
        find: /^@cf-devices\/(types|client|mock|cli)$/,
        replacement: fileURLToPath(new URL("./packages/$1/src/index.ts", import.meta.url)),
      },
    ],
  },
  test: {
    include: [
      "packages/*/src/**/*.test.ts",
      "packages/*/test/**/*.test.ts",
      "scripts/**/*.test.ts",
      "test/**/*.test.ts",
      "examples/**/*.test.ts",
      "bench/**/*.test.ts",
    ],
    typecheck: {
      enabled: true,
      include: [
        "packages/*/src/**/*.test-d.ts",
        "packages/*/test/**/*.test-d.ts",
        "test/**/*.test-d.ts",
      ],
      tsconfig: "./tsconfig.json",
    },
    testTimeout: 20_000,
  },
});
