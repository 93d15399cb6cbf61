/**
 * What `add` and `remove` of list entries print on stderr.
 */
type Action = "add" | "remove";

export const messages = {
  /** An entry that needs no change: already there (add), or not there (remove). */
  skipped: (action: Action, key: string) =>
    action === "add" ? `already in the list: ${key}\n` : `not in the list: ${key}\n`,
  /** Every entry was skipped (or none given): the list stays as it is. */
  nothingToChange: (action: Action, skipped: number) =>
    `Nothing to change: ${
      skipped === 1
        ? `the entry is ${action === "add" ? "already" : "not"} in the list`
        : `the entries are ${action === "add" ? "already" : "not"} in the list`
    }; the list was not written.\n`,
};
