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
  const own = new Set(files.flatMap((f) => program.getSourceFile(f)?.fileName ?? []));
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
      const walk: Walk = { checker, files: own, rules: { fields: {}, extraFields: {} }, reference: () => undefined };
      return withDescription(describe(checker, symbol), schemaOf(walk, checker.getDeclaredTypeOfSymbol(symbol), name));
    },
    interfaces(file, root, rules) {
      return walkInterfaces(checker, own, exported(file, root), rules);
    },
  };
}

function walkInterfaces(
  checker: ts.TypeChecker,
  files: ReadonlySet<string>,
  root: ts.Symbol,
  rules: SchemaRules,
): TypeSchemas {
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
  const walk: Walk = { checker, files, rules, reference };
  const rootSchema = interfaceSchema(walk, root);
  for (let next = pending.shift(); next; next = pending.shift()) defs[next.name] = interfaceSchema(walk, next);
  return { root: rootSchema, defs };
}

type Reference = (symbol: ts.Symbol) => JsonSchema | undefined;

interface Walk {
  readonly checker: ts.TypeChecker;
  readonly files: ReadonlySet<string>;
  readonly rules: SchemaRules;
  readonly reference: Reference;
}

function interfaceSchema(walk: Walk, symbol: ts.Symbol): JsonSchema {
  const schema = objectSchema(walk, walk.checker.getDeclaredTypeOfSymbol(symbol), symbol.name);
  return withDescription(describe(walk.checker, symbol), schema);
}

// An interface declared in the walked files (lib types such as Date are not followed).
function isOwnInterface(walk: Walk, symbol: ts.Symbol): boolean {
  const file = symbol.declarations?.[0]?.getSourceFile().fileName;
  return (symbol.flags & ts.SymbolFlags.Interface) !== 0 && file !== undefined && walk.files.has(file);
}

// An interface or an inline object type: its properties (rules keyed `where.field`), closed unless it has an
// index signature.
function objectSchema(walk: Walk, type: ts.Type, where: string): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const prop of walk.checker.getPropertiesOfType(type)) {
    const rule = walk.rules.fields[`${where}.${prop.name}`] ?? {};
    if (rule.omit) continue;
    properties[prop.name] = propertySchema(walk, prop, `${where}.${prop.name}`, rule);
    if ((prop.flags & ts.SymbolFlags.Optional) === 0 && rule.default === undefined) required.push(prop.name);
  }
  Object.assign(properties, walk.rules.extraFields[where]);
  const open = walk.checker.getIndexInfoOfType(type, ts.IndexKind.String) !== undefined;
  return { type: "object", properties, required, additionalProperties: open };
}

function propertySchema(walk: Walk, prop: ts.Symbol, where: string, rule: FieldRule): JsonSchema {
  const declaration = prop.valueDeclaration ?? prop.declarations?.[0];
  if (!declaration) throw new Error(`generating the lab schema: ${where} has no declaration`);
  const type = walk.checker.getNonNullableType(walk.checker.getTypeOfSymbolAtLocation(prop, declaration));
  const withDefault = rule.default === undefined ? {} : { default: rule.default };
  const schema: JsonSchema = {
    ...schemaOf(walk, type, where, declaredUnion(declaration)),
    ...withDefault,
    ...rule.schema,
  };
  const nonEmpty = schema.type === "string" && !schema.enum && !schema.pattern && !rule.allowEmpty;
  return withDescription(describe(walk.checker, prop), nonEmpty ? { ...schema, minLength: 1 } : schema);
}

function schemaOf(walk: Walk, type: ts.Type, where: string, written?: ts.UnionTypeNode): JsonSchema {
  const { checker } = walk;
  if (type.flags & ts.TypeFlags.String) return { type: "string" };
  if (type.flags & ts.TypeFlags.Number) return { type: "number" };
  if (type.flags & ts.TypeFlags.Boolean) return { type: "boolean" };
  if (type.flags & (ts.TypeFlags.Unknown | ts.TypeFlags.Any)) return {};
  if (type.isUnion()) return unionSchema(walk, type, where, written);
  if (checker.isArrayType(type)) {
    const [item] = checker.getTypeArguments(type as ts.TypeReference);
    if (item) return { type: "array", items: schemaOf(walk, item, `${where}[]`) };
  }
  const symbol = type.getSymbol();
  const ref = symbol && isOwnInterface(walk, symbol) ? walk.reference(symbol) : undefined;
  if (ref) return ref;
  const index = checker.getIndexInfoOfType(type, ts.IndexKind.String);
  if (index && checker.getPropertiesOfType(type).length === 0) {
    return { type: "object", additionalProperties: schemaOf(walk, index.type, `${where}{}`) };
  }
  if (symbol && symbol.flags & ts.SymbolFlags.TypeLiteral) return objectSchema(walk, type, where);
  throw new Error(
    `generating the lab schema: ${where} has a type the generator cannot express: ${checker.typeToString(type)}`,
  );
}

// String literals become one enum, in the order they are written, `true | false` one boolean; a union with other
// members (`"config" | number`, `boolean | Record<…>`) becomes anyOf.
function unionSchema(walk: Walk, type: ts.UnionType, where: string, node?: ts.UnionTypeNode): JsonSchema {
  const written = writtenLiterals(node ?? aliasUnion(type));
  const literals = type.types
    .filter((t): t is ts.StringLiteralType => t.isStringLiteral())
    .map((t) => t.value)
    .sort((a, b) => written.indexOf(a) - written.indexOf(b));
  const booleans = type.types.some((t) => t.flags & ts.TypeFlags.BooleanLiteral);
  const others = type.types
    .filter((t) => !t.isStringLiteral() && !(t.flags & ts.TypeFlags.BooleanLiteral))
    .map((t) => schemaOf(walk, t, where));
  const choices: JsonSchema[] = [
    ...(literals.length > 0 ? [{ type: "string" as const, enum: literals }] : []),
    ...(booleans ? [{ type: "boolean" as const }] : []),
    ...others,
  ];
  return choices.length === 1 ? choices[0]! : { anyOf: choices };
}

// The union a property declares directly (`type?: "file" | "dir"`), for the order its literals are written in.
function declaredUnion(declaration: ts.Declaration): ts.UnionTypeNode | undefined {
  const node = ts.isPropertySignature(declaration) ? declaration.type : undefined;
  return node && ts.isUnionTypeNode(node) ? node : undefined;
}

function aliasUnion(type: ts.Type): ts.UnionTypeNode | undefined {
  const declaration = type.aliasSymbol?.declarations?.[0];
  const node = declaration && ts.isTypeAliasDeclaration(declaration) ? declaration.type : undefined;
  return node && ts.isUnionTypeNode(node) ? node : undefined;
}

function writtenLiterals(node: ts.UnionTypeNode | undefined): string[] {
  return (node?.types ?? []).flatMap((t) =>
    ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal) ? [t.literal.text] : [],
  );
}

function describe(checker: ts.TypeChecker, symbol: ts.Symbol): string {
  return ts.displayPartsToString(symbol.getDocumentationComment(checker)).replace(/\s+/g, " ").trim();
}

// Puts `description` first, so the file reads well; a description in the rules wins over the doc comment.
function withDescription(description: string, schema: JsonSchema): JsonSchema {
  const text = schema.description ?? description;
  return text ? { description: text, ...schema } : schema;
}
