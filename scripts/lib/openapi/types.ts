/**
 * The OpenAPI object types the spec tools work with, from `openapi3-ts`. Both tools read
 * 3.1 documents (ours) and 3.0 documents (Cloudflare's official one), so a schema is the 3.1
 * schema object plus 3.0's `nullable`; the rest of a 3.0 document is read through the 3.1 types,
 * which are a superset for everything the tools look at.
 */
import type { oas30, oas31 } from "openapi3-ts";

export type Document = oas31.OpenAPIObject;
export type Reference = oas31.ReferenceObject;
export type Schema = oas31.SchemaObject & Pick<oas30.SchemaObject, "nullable">;
export type SchemaOrRef = Schema | Reference;
export type Operation = oas31.OperationObject;
export type Parameter = oas31.ParameterObject;
export type RequestBody = oas31.RequestBodyObject;
export type Response = oas31.ResponseObject;
export type MediaType = oas31.MediaTypeObject;
export type SecurityRequirement = oas31.SecurityRequirementObject;
export type SecurityScheme = oas31.SecuritySchemeObject;
