/** `cf-devices api METHOD PATH`: a raw request to any path (runs in `api/`). */
import { defineArea, fileFlag, idArg } from "./_shared.js";

export const area = defineArea({
  group: "api",
  summary: "Raw request to any path, with --paginate",
  commands: () => [
    {
      name: "api",
      summary: "Send a raw request to any path of the API",
      description:
        "METHOD is GET, POST, PUT, PATCH or DELETE; PATH is relative to the base URL and may use {account_id} and {zone_id}. Prints the whole response envelope.",
      operations: [],
      args: [
        idArg("method", "HTTP method"),
        idArg("path", "Path, e.g. /accounts/{account_id}/devices/policies"),
      ],
      flags: {
        field: {
          type: "string",
          short: "f",
          multiple: true,
          value: "KEY=VALUE",
          description: "Query parameter (repeatable; repeat a key for arrays)",
        },
        file: fileFlag,
        paginate: {
          type: "boolean",
          description: "Follow result_info.cursor and print every item",
        },
      },
      handler: "api",
      examples: [
        "cf-devices api GET /accounts/{account_id}/devices/physical-devices -f per_page=5",
        "cf-devices api GET /accounts/{account_id}/devices/registrations --paginate --ndjson",
      ],
    },
  ],
});
