/** `cf-devices registrations …`: enrolments of the WARP client, one per user and device. */
import {
  BULK_CHUNK,
  type CommandDef,
  chunk,
  defineArea,
  idArg,
  list,
  one,
  simple,
} from "./_shared.js";

function bulkRegistrations(
  name: string,
  id: "revokeRegistrations" | "unrevokeRegistrations",
): CommandDef {
  return {
    ...simple(name, id, { examples: [`cf-devices ${name} REG_ID_1 REG_ID_2 --yes`] }),
    flags: {},
    args: [idArg("registration-id", "Registration ids (sent in batches)", true)],
    destructive: true,
    plan: ({ args }) =>
      chunk(list(args["registration-id"]), BULK_CHUNK).map((ids) => ({
        operationId: id,
        query: { id: ids },
      })),
  };
}

export const area = defineArea({
  group: "registrations",
  summary: "Device registrations",
  commands: () => [
    simple("registrations list", "listRegistrations", {
      columns: [
        "id",
        "device.name",
        "user.email",
        "device.client_version",
        "last_seen_at",
        "revoked_at",
      ],
      examples: [
        "cf-devices registrations list --status revoked",
        "cf-devices registrations list --all --json --fields id,user.email",
      ],
    }),
    simple(
      "registrations get",
      "getRegistration",
      {
        args: [idArg("registration-id", "Registration id")],
        examples: ["cf-devices registrations get REG_ID --include policy"],
      },
      ({ args }) => ({ registration_id: one(args["registration-id"]) }),
    ),
    {
      ...simple("registrations delete", "deleteRegistration", {
        examples: [
          "cf-devices registrations delete REG_ID --yes",
          "cf-devices registrations delete REG_ID_1 REG_ID_2 REG_ID_3 --yes",
        ],
      }),
      summary: "Delete one or more registrations",
      operations: ["deleteRegistration", "deleteRegistrations"],
      flags: {},
      args: [idArg("registration-id", "Registration ids (several are deleted in batches)", true)],
      destructive: true,
      plan: ({ args }) => {
        const ids = list(args["registration-id"]);
        if (ids.length === 1) {
          return [{ operationId: "deleteRegistration", path: { registration_id: ids[0]! } }];
        }
        return chunk(ids, BULK_CHUNK).map((batch) => ({
          operationId: "deleteRegistrations",
          query: { id: batch },
        }));
      },
    },
    bulkRegistrations("registrations revoke", "revokeRegistrations"),
    bulkRegistrations("registrations unrevoke", "unrevokeRegistrations"),
    simple(
      "registrations override-codes",
      "getRegistrationOverrideCodes",
      {
        args: [idArg("registration-id", "Registration id")],
        examples: ["cf-devices registrations override-codes REG_ID --json"],
      },
      ({ args }) => ({ registration_id: one(args["registration-id"]) }),
    ),
  ],
});
