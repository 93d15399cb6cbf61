/** SCAFFOLD: removed once every area has its handlers. */
import { MockHttpError } from "../errors.js";
import type { OperationHandler } from "./context.js";

export const notImplemented: OperationHandler = () => {
  throw new MockHttpError(501, [
    { code: 10501, message: "This operation is not implemented in the mock yet." },
  ]);
};
