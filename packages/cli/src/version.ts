// Bundled into the build (esbuild inlines JSON), so the version never depends on where the
// compiled file ends up relative to package.json.
import pkg from "../package.json" with { type: "json" };

/** The package version. */
export const VERSION: string = pkg.version;
