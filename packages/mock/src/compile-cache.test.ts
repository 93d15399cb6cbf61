import { join, win32 } from "node:path";
import { describe, expect, it } from "vitest";
import { compileCacheDir } from "./compile-cache.js";

describe("compileCacheDir", () => {
  it("is per user and follows XDG_CACHE_HOME, or LOCALAPPDATA on Windows", () => {
    expect(compileCacheDir({ XDG_CACHE_HOME: "/x" }, "linux")).toBe(
      join("/x", "cf-devices", "compile-cache"),
    );
    expect(compileCacheDir({}, "linux")).toMatch(/\.cache[/\\]cf-devices[/\\]compile-cache$/);
    expect(compileCacheDir({ LOCALAPPDATA: "C:\\Users\\u\\AppData\\Local" }, "win32")).toBe(
      win32.join("C:\\Users\\u\\AppData\\Local", "cf-devices", "compile-cache"),
    );
  });

  it("is never a shared temporary folder, and is off when Node's cache is", () => {
    // No per-user folder on Windows: no cache, rather than Node's default in the temp folder.
    expect(compileCacheDir({}, "win32")).toBeUndefined();
    expect(
      compileCacheDir({ XDG_CACHE_HOME: "/x", NODE_DISABLE_COMPILE_CACHE: "1" }),
    ).toBeUndefined();
  });
});
