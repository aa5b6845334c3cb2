import ts from "typescript";
import { type JsonSchema, refTo } from "./json-schema.js";

// Walks exported interfaces with the TypeScript compiler API and turns them into JSON Schema: strings, numbers,
// booleans, string-literal unions (enum), arrays, Record<string, T> (additionalProperties), and interfaces
// (one `$defs` entry each). `readonly` is ignored. Only the schema generator loads this file (and typescript).

/** How the YAML differs from a loaded field: left out, optional with a default, or with stricter rules. */
export interface FieldRule {
  /** Not written in YAML (set by the loader). */
  readonly omit?: true;
  /** Optional in YAML; the loader fills this value in. */
  readonly default?: unknown;
  /** Keywords merged over the generated schema (they win). */
  readonly schema?: JsonSchema;
  /** An empty string is allowed (otherwise string fields need at least one character, as the loader reads them). */
  readonly allowEmpty?: true;
}

/** Rules by `Interface.field`, and fields the loader reads that the type keeps only in an index signature. */
export interface SchemaRules {
  readonly fields: Readonly<Record<string, FieldRule>>;
  readonly extraFields: Readonly<Record<string, Readonly<Record<string, JsonSchema>>>>;
}

/** A root interface's schema and a definition for every interface it reaches. */
export interface TypeSchemas {
  readonly root: JsonSchema;
  readonly defs: Readonly<Record<string, JsonSchema>>;
}

/** Reads types from a fixed set of TypeScript files. */
export interface TypeWalker {
  /** The schema of an exported type alias (a string-literal union, for example). */
  alias(file: string, name: string): JsonSchema;
  /** The schema of an exported interface and of every interface it reaches. */
  interfaces(file: string, root: string, rules: SchemaRules): TypeSchemas;
}

// Compiles the files (ES5 lib only, no @types) so their types can be walked.
export function createTypeWalker(files: readonly string[]): TypeWalker {
  const program = ts.createProgram([...files], {
    strict: true,
    noEmit: true,
    types: [],
    lib: ["lib.es5.d.ts"],
    target: ts.ScriptTarget.ES2022,
  });
  const checker = program.getTypeChecker();
  const exported = (file: string, name: string): ts.Symbol => {
    const source = program.getSourceFile(file);
    const module = source && checker.getSymbolAtLocation(source);
    const symbol = module && checker.getExportsOfModule(module).find((s) => s.name === name);
    if (!symbol) throw new Error(`generating the lab schema: "${name}" is not exported by ${file}`);
    return symbol;
  };
  return {
    alias(file, name) {
      const symbol = exported(file, name);
      return withDescription(describe(checker, symbol), schemaOf(checker, checker.getDeclaredTypeOfSymbol(symbol), name, () => undefined));
    },
    interfaces(file, root, rules) {
      return walkInterfaces(checker, exported(file, root), rules);
    },
  };
}

function walkInterfaces(checker: ts.TypeChecker, root: ts.Symbol, rules: SchemaRules): TypeSchemas {
  const defs: Record<string, JsonSchema> = {};
  const pending: ts.Symbol[] = [];
  const seen = new Set<string>([root.name]);
  const reference = (symbol: ts.Symbol): JsonSchema => {
    if (!seen.has(symbol.name)) {
      seen.add(symbol.name);
      pending.push(symbol);
    }
    return refTo(symbol.name);
  };
  const rootSchema = interfaceSchema(checker, root, rules, reference);
  for (let next = pending.shift(); next; next = pending.shift()) {
    defs[next.name] = interfaceSchema(checker, next, rules, reference);
  }
  return { root: rootSchema, defs };
}

type Reference = (symbol: ts.Symbol) => JsonSchema | undefined;

function interfaceSchema(checker: ts.TypeChecker, symbol: ts.Symbol, rules: SchemaRules, reference: Reference): JsonSchema {
  const type = checker.getDeclaredTypeOfSymbol(symbol);
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const prop of checker.getPropertiesOfType(type)) {
    const where = `${symbol.name}.${prop.name}`;
    const rule = rules.fields[where] ?? {};
    if (rule.omit) continue;
    properties[prop.name] = propertySchema(checker, prop, where, rule, reference);
    if ((prop.flags & ts.SymbolFlags.Optional) === 0 && rule.default === undefined) required.push(prop.name);
  }
  Object.assign(properties, rules.extraFields[symbol.name]);
  const open = checker.getIndexInfoOfType(type, ts.IndexKind.String) !== undefined;
  return withDescription(describe(checker, symbol), {
    type: "object",
    properties,
    required,
    additionalProperties: open,
  });
}

function propertySchema(checker: ts.TypeChecker, prop: ts.Symbol, where: string, rule: FieldRule, reference: Reference): JsonSchema {
  const declaration = prop.valueDeclaration ?? prop.declarations?.[0];
  if (!declaration) throw new Error(`generating the lab schema: ${where} has no declaration`);
  const type = checker.getNonNullableType(checker.getTypeOfSymbolAtLocation(prop, declaration));
  const generated = schemaOf(checker, type, where, reference);
  const nonEmpty = generated.type === "string" && !generated.enum && !rule.allowEmpty ? { minLength: 1 } : {};
  const withDefault = rule.default === undefined ? {} : { default: rule.default };
  return withDescription(describe(checker, prop), { ...generated, ...nonEmpty, ...withDefault, ...rule.schema });
}

function schemaOf(checker: ts.TypeChecker, type: ts.Type, where: string, reference: Reference): JsonSchema {
  if (type.flags & ts.TypeFlags.String) return { type: "string" };
  if (type.flags & ts.TypeFlags.Number) return { type: "number" };
  if (type.flags & ts.TypeFlags.Boolean) return { type: "boolean" };
  if (type.flags & (ts.TypeFlags.Unknown | ts.TypeFlags.Any)) return {};
  if (type.isUnion() && type.types.every((t) => t.isStringLiteral())) {
    return { type: "string", enum: type.types.map((t) => (t as ts.StringLiteralType).value) };
  }
  if (checker.isArrayType(type)) {
    const [item] = checker.getTypeArguments(type as ts.TypeReference);
    if (item) return { type: "array", items: schemaOf(checker, item, `${where}[]`, reference) };
  }
  const symbol = type.getSymbol();
  if (symbol && symbol.flags & ts.SymbolFlags.Interface) {
    const ref = reference(symbol);
    if (ref) return ref;
  }
  const index = checker.getIndexInfoOfType(type, ts.IndexKind.String);
  if (index && checker.getPropertiesOfType(type).length === 0) {
    return { type: "object", additionalProperties: schemaOf(checker, index.type, `${where}{}`, reference) };
  }
  throw new Error(`generating the lab schema: ${where} has a type the generator cannot express: ${checker.typeToString(type)}`);
}

function describe(checker: ts.TypeChecker, symbol: ts.Symbol): string {
  return ts.displayPartsToString(symbol.getDocumentationComment(checker)).replace(/\s+/g, " ").trim();
}

// Puts `description` first, so the file reads well; a description in the rules wins over the doc comment.
function withDescription(description: string, schema: JsonSchema): JsonSchema {
  const text = schema.description ?? description;
  return text ? { description: text, ...schema } : schema;
}
