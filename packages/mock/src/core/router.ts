/**
 * A small segment-trie router built from the operations manifest. Literal segments beat path
 * templates at every level (`/devices/policy` is never `/devices/{device_id}`), and a path that
 * exists under other methods yields a 405 with the allowed methods instead of a 404.
 */
import type { OperationManifest } from "@cf-devices/types";

interface Node {
  literals: Map<string, Node>;
  param: { name: string; node: Node } | null;
  methods: Map<string, OperationManifest>;
}

const node = (): Node => ({ literals: new Map(), param: null, methods: new Map() });

export type RouteMatch =
  | { kind: "operation"; operation: OperationManifest; params: Record<string, string> }
  | { kind: "method-not-allowed"; allowed: string[] }
  | { kind: "not-found" };

function decodeSegment(segment: string): string {
  if (!segment.includes("%")) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export class Router {
  private readonly root = node();

  constructor(operations: Iterable<OperationManifest>) {
    for (const op of operations) this.add(op);
  }

  private add(op: OperationManifest): void {
    let current = this.root;
    for (const segment of op.path.split("/").filter(Boolean)) {
      const template = /^\{(.+)\}$/.exec(segment);
      if (template) {
        const name = template[1]!;
        if (current.param && current.param.name !== name) {
          throw new Error(
            `router: ${op.path} names the parameter {${name}} where another route uses {${current.param.name}}`,
          );
        }
        current.param ??= { name, node: node() };
        current = current.param.node;
      } else {
        let next = current.literals.get(segment);
        if (!next) {
          next = node();
          current.literals.set(segment, next);
        }
        current = next;
      }
    }
    if (current.methods.has(op.method)) {
      throw new Error(`router: two operations for ${op.method} ${op.path}`);
    }
    current.methods.set(op.method, op);
  }

  /** Finds the node for `segments`, preferring literals and backtracking into templates. */
  private find(
    at: Node,
    segments: readonly string[],
    index: number,
    params: Record<string, string>,
  ): Node | null {
    if (index === segments.length) return at.methods.size > 0 ? at : null;
    const segment = segments[index]!;
    const literal = at.literals.get(segment);
    if (literal) {
      const found = this.find(literal, segments, index + 1, params);
      if (found) return found;
    }
    if (at.param && segment !== "") {
      const found = this.find(at.param.node, segments, index + 1, params);
      if (found) {
        params[at.param.name] = segment;
        return found;
      }
    }
    return null;
  }

  /** Matches a decoded path (without base prefix or query) and method. */
  match(method: string, path: string): RouteMatch {
    // Leading slashes and one trailing slash are tolerated; an empty segment inside the path
    // matches nothing, so `/policy//include` (an empty policy id) is a 404, not the default list.
    const segments = path.replace(/^\/+/, "").replace(/\/$/, "").split("/").map(decodeSegment);
    const params: Record<string, string> = {};
    const found = this.find(this.root, segments, 0, params);
    if (!found) return { kind: "not-found" };
    const operation = found.methods.get(method);
    if (!operation) return { kind: "method-not-allowed", allowed: [...found.methods.keys()] };
    return { kind: "operation", operation, params };
  }
}
