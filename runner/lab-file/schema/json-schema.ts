// The subset of JSON Schema (draft 2020-12) the lab-file schema uses, as data.

/** A JSON Schema node built only from the keywords the generator emits. */
export interface JsonSchema {
  readonly $schema?: string;
  readonly $comment?: string;
  readonly $ref?: string;
  readonly $defs?: Readonly<Record<string, JsonSchema>>;
  readonly title?: string;
  readonly description?: string;
  readonly default?: unknown;
  readonly type?: "object" | "array" | "string" | "number" | "integer" | "boolean";
  readonly enum?: readonly string[];
  readonly pattern?: string;
  readonly minLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly items?: JsonSchema;
  readonly minItems?: number;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchema;
  readonly propertyNames?: JsonSchema;
  readonly anyOf?: readonly JsonSchema[];
}

/** Where the lab-file schema is stored, relative to the package root. */
export const SCHEMA_FILE = "docs/lab.schema.json";

/** The draft the schema declares. */
export const JSON_SCHEMA_DRAFT = "https://json-schema.org/draft/2020-12/schema";

// A `$ref` to a definition of the same document.
export function refTo(name: string): JsonSchema {
  return { $ref: `#/$defs/${name}` };
}
