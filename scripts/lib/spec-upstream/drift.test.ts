import { describe, expect, it } from "vitest";
import { acceptingNote, names, namesOperation, notesOf } from "./drift.ts";

describe("x-inferred notes", () => {
  it("reads a note given as a string or as a list of strings", () => {
    expect(notesOf({ "x-inferred": "one" })).toEqual(["one"]);
    expect(notesOf({ "x-inferred": ["one", "two"] })).toEqual(["one", "two"]);
    expect(notesOf({ description: "x" })).toEqual([]);
  });

  it("matches a name as a whole word, not inside a longer name", () => {
    expect(names("revoked_at may be null", "revoked_at")).toBe(true);
    expect(names("`policy_id` is left out.", "policy_id")).toBe(true);
    expect(names("The security requirement…", "Security")).toBe(true);
    expect(names("last_seen_at is nullable", "seen_at")).toBe(false);
    expect(names("list-devices-extra", "list-devices")).toBe(false);
  });

  it("names official operations directly or by a prefix ending in *", () => {
    const note =
      "Posture rules (`device-posture-rules-*`) and `list-ip-profiles` are out of scope.";
    expect(namesOperation(note, "device-posture-rules-list-device-posture-rules")).toBe(true);
    expect(namesOperation(note, "list-ip-profiles")).toBe(true);
    expect(namesOperation(note, "create-ip-profile")).toBe(false);
  });

  it("takes a note on the place itself, or a note on a container that names the subject", () => {
    const param = { name: "per_page", "x-inferred": "bounds are ours" };
    const op = { "x-inferred": ["Safe to retry.", "The security shape is simplified."] };
    expect(acceptingNote([{ nodes: [param] }])).toBe("bounds are ours");
    expect(acceptingNote([{ nodes: [op], word: "security" }])).toBe(
      "The security shape is simplified.",
    );
    expect(acceptingNote([{ nodes: [op], word: "body" }])).toBeUndefined();
    // A note naming a property at the place is about that property, not the place.
    const schema = { "x-inferred": "revoked_at may be null" };
    expect(acceptingNote([{ nodes: [schema], properties: ["revoked_at"] }])).toBeUndefined();
    expect(acceptingNote([{ nodes: [schema], word: "revoked_at" }])).toBe("revoked_at may be null");
  });
});
