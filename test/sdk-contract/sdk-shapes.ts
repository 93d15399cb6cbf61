/**
 * Checks values against the official SDK's own type declarations, at run time. The SDK does
 * not validate what it receives (it casts the parsed JSON to its types), so a field the mock
 * leaves out or types differently would only surface in the code of a team that relies on it.
 * This reads the SDK's `.d.mts` files with the TypeScript compiler, finds the declared result of
 * a method under `client.zeroTrust.devices` (`APIPromise<T>` → `T`, `PagePromise<Page, Item>` →
 * `Item`), and walks a value against that type: required properties present, primitives,
 * literal unions (enums), arrays, index signatures, nullability.
 */
import { fileURLToPath } from "node:url";
import ts from "typescript";

/** Checks values against the declared results of the SDK's Devices methods. */
export interface ShapeChecker {
  /**
   * Differences between `value` and what the method at `methodPath` (e.g.
   * `["ipProfiles", "get"]`) declares it returns: for a list method, what one item declares.
   * Each difference names where it is (`$.config.auth_url`) and what the SDK expects there.
   */
  check(methodPath: readonly string[], value: unknown): string[];
  /** The declared result type as TypeScript prints it, for messages. */
  describe(methodPath: readonly string[]): string;
}

const virtualFile = fileURLToPath(new URL("./__sdk-shapes__.ts", import.meta.url));
const virtualSource = [
  'import type { Devices } from "cloudflare/resources/zero-trust/devices/devices";',
  "export declare const devices: Devices;",
  "",
].join("\n");

/**
 * Builds the checker (a few seconds: it parses the SDK's declarations). Resource folders other
 * than the Devices ones (and the `shared` types they use) are read as empty modules, which keeps
 * the program to about two hundred files; anything that pointed into them reads as `any`.
 */
export function loadShapeChecker(): ShapeChecker {
  const options: ts.CompilerOptions = {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ["lib.es2022.d.ts"],
    types: [],
    noEmit: true,
    skipLibCheck: true,
  };
  const host = ts.createCompilerHost(options);
  const readSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === virtualFile || fileExists(name);
  host.getSourceFile = (name, language, ...rest) => {
    if (name === virtualFile) return ts.createSourceFile(name, virtualSource, language);
    const resource = /\/cloudflare\/resources\/(.*)$/.exec(name)?.[1];
    if (resource && !/^(zero-trust\/devices|shared)\b/.test(resource)) {
      return ts.createSourceFile(name, "export {};", language);
    }
    return readSourceFile(name, language, ...rest);
  };
  const program = ts.createProgram([virtualFile], options, host);
  const checker = program.getTypeChecker();
  const sourceFile = program.getSourceFile(virtualFile);
  const moduleSymbol = sourceFile && checker.getSymbolAtLocation(sourceFile);
  const devicesSymbol = moduleSymbol && checker.getExportsOfModule(moduleSymbol)[0];
  if (!devicesSymbol) throw new Error("could not read the SDK's Devices resource types");
  const devicesType = checker.getTypeOfSymbol(devicesSymbol);
  if (checker.getPropertiesOfType(devicesType).length === 0) {
    throw new Error("the SDK's Devices resource type has no members; is `cloudflare` installed?");
  }

  const resultTypes = new Map<string, ts.Type>();

  function resultType(methodPath: readonly string[]): ts.Type {
    const key = methodPath.join(".");
    const known = resultTypes.get(key);
    if (known) return known;
    let type = devicesType;
    for (const name of methodPath) {
      const property = checker.getPropertyOfType(type, name);
      if (!property) throw new Error(`the SDK has no zeroTrust.devices.${key}`);
      type = checker.getTypeOfSymbol(property);
    }
    const [signature] = checker.getSignaturesOfType(type, ts.SignatureKind.Call);
    if (!signature) throw new Error(`zeroTrust.devices.${key} is not a method`);
    const promise = signature.getReturnType();
    const args = checker.getTypeArguments(promise as ts.TypeReference);
    const name = promise.getSymbol()?.getName();
    const result = name === "PagePromise" ? args[1] : name === "APIPromise" ? args[0] : undefined;
    if (!result) {
      throw new Error(`zeroTrust.devices.${key} returns ${checker.typeToString(promise)}`);
    }
    resultTypes.set(key, result);
    return result;
  }

  const show = (type: ts.Type) =>
    checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation);

  function walk(type: ts.Type, value: unknown, at: string, out: string[], depth: number): void {
    if (depth > 24 || type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return;
    if (value === null) {
      if (type.flags & ts.TypeFlags.Null) return;
      if (type.isUnion() && type.types.some((t) => t.flags & ts.TypeFlags.Null)) return;
      out.push(`${at}: null, where the SDK declares ${show(type)}`);
      return;
    }
    if (type.flags & (ts.TypeFlags.Boolean | ts.TypeFlags.BooleanLiteral)) {
      if (typeof value === "boolean") {
        if (!(type.flags & ts.TypeFlags.BooleanLiteral) || show(type) === String(value)) return;
      }
      out.push(`${at}: ${JSON.stringify(value)}, where the SDK declares ${show(type)}`);
      return;
    }
    if (type.isUnion()) {
      const members = type.types.filter(
        (t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void)),
      );
      if (type.flags & ts.TypeFlags.Boolean || members.length === 0) {
        walk(members[0] ?? type, value, at, out, depth + 1);
        return;
      }
      let closest: string[] | null = null;
      for (const member of members) {
        const found: string[] = [];
        walk(member, value, at, found, depth + 1);
        if (found.length === 0) return;
        if (!closest || found.length < closest.length) closest = found;
      }
      const literals = members.every((t) => t.isLiteral() || t.flags & ts.TypeFlags.BooleanLiteral);
      if (literals) out.push(`${at}: ${JSON.stringify(value)} is not one of ${show(type)}`);
      else out.push(...(closest ?? []));
      return;
    }
    if (type.isIntersection()) {
      for (const member of type.types) walk(member, value, at, out, depth + 1);
      return;
    }
    if (type.isStringLiteral() || type.isNumberLiteral()) {
      if (value !== type.value)
        out.push(`${at}: ${JSON.stringify(value)}, where the SDK declares ${show(type)}`);
      return;
    }
    const primitive =
      type.flags & ts.TypeFlags.StringLike
        ? "string"
        : type.flags & ts.TypeFlags.NumberLike
          ? "number"
          : null;
    if (primitive) {
      if (typeof value !== primitive) {
        out.push(`${at}: ${JSON.stringify(value)}, where the SDK declares ${show(type)}`);
      }
      return;
    }
    if (!(type.flags & ts.TypeFlags.Object)) return;
    if (checker.isArrayType(type) || checker.isTupleType(type)) {
      if (!Array.isArray(value)) {
        out.push(`${at}: ${typeof value}, where the SDK declares ${show(type)}`);
        return;
      }
      const [element] = checker.getTypeArguments(type as ts.TypeReference);
      if (!element) return;
      for (const [i, item] of value.slice(0, 100).entries()) {
        walk(element, item, `${at}[${i}]`, out, depth + 1);
      }
      return;
    }
    if (typeof value !== "object" || Array.isArray(value)) {
      out.push(
        `${at}: ${Array.isArray(value) ? "an array" : typeof value}, where the SDK declares ${show(type)}`,
      );
      return;
    }
    const record = value as Record<string, unknown>;
    const declared = new Set<string>();
    for (const property of checker.getPropertiesOfType(type)) {
      const name = property.getName();
      declared.add(name);
      const propertyType = checker.getTypeOfSymbol(property);
      if (checker.getSignaturesOfType(propertyType, ts.SignatureKind.Call).length > 0) continue;
      if (!(name in record)) {
        if (!(property.flags & ts.SymbolFlags.Optional)) {
          out.push(`${at}.${name}: missing, where the SDK declares ${show(propertyType)}`);
        }
        continue;
      }
      walk(propertyType, record[name], `${at}.${name}`, out, depth + 1);
    }
    const index = checker.getIndexTypeOfType(type, ts.IndexKind.String);
    if (index) {
      for (const [key, v] of Object.entries(record)) {
        if (!declared.has(key)) walk(index, v, `${at}.${key}`, out, depth + 1);
      }
    }
  }

  return {
    check(methodPath, value) {
      const out: string[] = [];
      walk(resultType(methodPath), value, "$", out, 0);
      return out;
    },
    describe: (methodPath) => show(resultType(methodPath)),
  };
}
