// A hand-written Kysely schema held against the one kysely-codegen makes from
// the same migrations (scripts/db-types.ts --check). Its column types may be
// narrower than the database can say, so what must agree is the shape: the
// tables, their columns, which columns may be null, and that nothing the
// database requires on insert is left optional.
import { resolve } from 'node:path';
import ts from 'typescript';

/**
 * Made in every service's schema by libs/db's migrate() and written with
 * libs/bus's and libs/db's own SQL, not through the service's Kysely, so a
 * hand-written schema need not name them. A platform table added later and
 * not listed here is reported missing in every service: the list fails loud.
 */
const PLATFORM_TABLES = new Set(['outbox', 'inbox', 'audit_log', 'schema_migrations']);

/** What codegen says of a column: its type as written, and what insert and select make of it. */
interface GeneratedColumn {
  text: string;
  nullable: boolean;
  optionalOnInsert: boolean;
  /** the families of value a hand-written type may narrow it to; undefined: not compared */
  families: readonly string[] | undefined;
}

/** What a hand-written schema says of a column, as the type checker resolves it. */
interface HandWrittenColumn {
  text: string;
  /** undefined: `unknown` or `any`, which neither promises nor denies a null */
  nullable: boolean | undefined;
  optionalOnInsert: boolean;
  /** undefined: `unknown` or `any` */
  family: string | undefined;
}

type Tables<C> = Map<string, Map<string, C>>;

/**
 * The families of value a hand-written type may narrow each of codegen's types
 * to; a type not named here (Json above all, whose shape is the hand-written
 * schema's to say) is not compared. Int8 is typed a string, but libs/db's pool
 * parses int8 to a number.
 */
const FAMILIES: Record<string, readonly string[]> = {
  string: ['string'],
  number: ['number'],
  boolean: ['boolean'],
  Timestamp: ['Date'],
  Int8: ['number', 'string'],
  Numeric: ['string'],
};

function propertyName(name: ts.PropertyName): string {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : name.getText();
}

function generatedColumn(node: ts.TypeNode): GeneratedColumn {
  let inner = node;
  let optionalOnInsert = false;
  if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName) && node.typeArguments?.[0]) {
    const wrapper = node.typeName.text;
    if (wrapper === 'Generated' || wrapper === 'GeneratedAlways') {
      optionalOnInsert = true;
      inner = node.typeArguments[0];
    } else if (wrapper === 'ColumnType') {
      const insert = node.typeArguments[1];
      optionalOnInsert =
        insert !== undefined &&
        (ts.isUnionTypeNode(insert) ? insert.types : [insert]).some((t) => t.kind === ts.SyntaxKind.UndefinedKeyword);
      inner = node.typeArguments[0];
    }
  }
  const members = ts.isUnionTypeNode(inner) ? inner.types : [inner];
  const isNull = (t: ts.TypeNode) => ts.isLiteralTypeNode(t) && t.literal.kind === ts.SyntaxKind.NullKeyword;
  const values = members.filter((t) => !isNull(t));
  const value = values.length === 1 ? values[0] : undefined;
  let families: readonly string[] | undefined;
  if (value && ts.isArrayTypeNode(value)) families = FAMILIES[value.elementType.getText()]?.map((f) => `${f}[]`);
  else if (value) families = FAMILIES[value.getText()];
  return { text: node.getText(), nullable: members.some(isNull), optionalOnInsert, families };
}

/** codegen's `DB` interface, each table's own interface looked up by name. */
function generatedTables(text: string): Tables<GeneratedColumn> {
  const source = ts.createSourceFile('db.ts', text, ts.ScriptTarget.ES2023, true);
  const interfaces = new Map(source.statements.filter(ts.isInterfaceDeclaration).map((i) => [i.name.text, i]));
  const db = interfaces.get('DB');
  if (!db) throw new Error('kysely-codegen wrote no DB interface');
  const tables: Tables<GeneratedColumn> = new Map();
  for (const table of db.members.filter(ts.isPropertySignature)) {
    const row = table.type && interfaces.get(table.type.getText());
    if (!row) throw new Error(`kysely-codegen's DB names ${table.name.getText()} without its interface`);
    const columns = new Map<string, GeneratedColumn>();
    for (const column of row.members.filter(ts.isPropertySignature)) {
      if (column.type) columns.set(propertyName(column.name), generatedColumn(column.type));
    }
    tables.set(propertyName(table.name), columns);
  }
  return tables;
}

/** The family these types share, or each of theirs joined by ` | ` where they differ. */
function familyOfEach(checker: ts.TypeChecker, types: readonly ts.Type[]): string {
  return [...new Set(types.map((t) => familyOf(checker, t)))].join(' | ');
}

function familyOf(checker: ts.TypeChecker, type: ts.Type): string {
  if (type.flags & ts.TypeFlags.BooleanLike) return 'boolean';
  if (type.flags & ts.TypeFlags.StringLike) return 'string';
  if (type.flags & ts.TypeFlags.NumberLike) return 'number';
  if (type.flags & ts.TypeFlags.BigIntLike) return 'bigint';
  if (type.flags & ts.TypeFlags.ESSymbolLike) return 'symbol';
  if (type.isUnion()) return familyOfEach(checker, type.types);
  // a branded id: a string with a marker no value carries
  if (type.isIntersection()) {
    const primitive = type.types.map((t) => familyOf(checker, t)).find((f) => f !== 'object');
    return primitive ?? 'object';
  }
  if (checker.isArrayType(type) || checker.isTupleType(type)) {
    const element = checker.getTypeArguments(type as ts.TypeReference)[0];
    return `${element ? familyOf(checker, element) : 'unknown'}[]`;
  }
  if (type.getSymbol()?.getName() === 'Date') return 'Date';
  return 'object';
}

function handWrittenColumn(checker: ts.TypeChecker, column: ts.Symbol): HandWrittenColumn {
  const type = checker.getTypeOfSymbol(column);
  // kysely's Generated<T> and ColumnType<S, I, U> are objects that keep their select and insert types in these two
  const selectProperty = type.getProperty('__select__');
  const insertProperty = type.getProperty('__insert__');
  const select = selectProperty ? checker.getTypeOfSymbol(selectProperty) : type;
  const insert = insertProperty ? checker.getTypeOfSymbol(insertProperty) : type;
  const members = (t: ts.Type) => (t.isUnion() ? t.types : [t]);
  const optionalOnInsert =
    (column.flags & ts.SymbolFlags.Optional) !== 0 ||
    (insert.flags & ts.TypeFlags.Never) !== 0 ||
    members(insert).some((t) => (t.flags & ts.TypeFlags.Undefined) !== 0);
  const text = checker.typeToString(type);
  if (select.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) {
    return { text, nullable: undefined, optionalOnInsert, family: undefined };
  }
  const values = members(select).filter((t) => !(t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)));
  const family = values.length === 0 ? 'null' : familyOfEach(checker, values);
  return {
    text,
    nullable: members(select).some((t) => (t.flags & ts.TypeFlags.Null) !== 0),
    optionalOnInsert,
    family,
  };
}

/**
 * The exported `…Db` interface of a hand-written schema, resolved by the type
 * checker so that an imported union of states or a branded id counts as the
 * string it is. `path` is where the text sits (or would), for its imports.
 */
function handWrittenTables(text: string, path: string): Tables<HandWrittenColumn> {
  const fileName = resolve(path);
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2023,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, ...rest) =>
    name === fileName ? ts.createSourceFile(name, text, ts.ScriptTarget.ES2023, true) : getSourceFile(name, ...rest);
  host.fileExists = (name) => name === fileName || fileExists(name);
  host.readFile = (name) => (name === fileName ? text : readFile(name));
  const program = ts.createProgram([fileName], options, host);
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(fileName)!;
  const db = source.statements
    .filter(ts.isInterfaceDeclaration)
    .filter((i) => i.name.text.endsWith('Db') && i.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword));
  if (db.length !== 1) throw new Error(`${path}: expected one exported …Db interface, found ${db.length}`);
  const tables: Tables<HandWrittenColumn> = new Map();
  for (const table of checker.getPropertiesOfType(checker.getTypeAtLocation(db[0]!))) {
    const columns = new Map<string, HandWrittenColumn>();
    for (const column of checker.getPropertiesOfType(checker.getTypeOfSymbol(table))) {
      columns.set(column.getName(), handWrittenColumn(checker, column));
    }
    tables.set(table.getName(), columns);
  }
  return tables;
}

function columnMismatches(name: string, migrations: GeneratedColumn, schema: HandWrittenColumn): string[] {
  const found: string[] = [];
  const nullability = (nullable: boolean) => (nullable ? 'nullable' : 'not null');
  if (schema.nullable !== undefined && schema.nullable !== migrations.nullable) {
    found.push(
      `${name}: the migrations say ${nullability(migrations.nullable)} (${migrations.text}), ` +
        `schema.ts says ${nullability(schema.nullable)} (${schema.text})`,
    );
  }
  // requiring on insert what the database would default is a narrowing, as a narrower type is; the reverse fails the insert
  if (schema.optionalOnInsert && !migrations.optionalOnInsert && !migrations.nullable) {
    found.push(
      `${name}: the migrations say required on insert (${migrations.text}, no default), ` +
        `schema.ts says optional on insert (${schema.text})`,
    );
  }
  if (schema.family !== undefined && migrations.families && !migrations.families.includes(schema.family)) {
    found.push(
      `${name}: the migrations say ${migrations.families.join(' or ')} (${migrations.text}), ` +
        `schema.ts says ${schema.family} (${schema.text})`,
    );
  }
  return found;
}

/**
 * Where a hand-written schema (`handWritten`, the text of the file at
 * `handWrittenPath`) and kysely-codegen's output for the same migrations
 * (`generated`) disagree, one line each, `table.column: …`.
 */
export function schemaMismatches(generated: string, handWritten: string, handWrittenPath: string): string[] {
  const migrations = generatedTables(generated);
  const schema = handWrittenTables(handWritten, handWrittenPath);
  const found: string[] = [];
  for (const [table, columns] of migrations) {
    const written = schema.get(table);
    if (!written) {
      if (!PLATFORM_TABLES.has(table))
        found.push(`${table}: the migrations make this table, schema.ts does not name it`);
      continue;
    }
    for (const [column, made] of columns) {
      const said = written.get(column);
      if (said) found.push(...columnMismatches(`${table}.${column}`, made, said));
      else found.push(`${table}.${column}: the migrations make this column, schema.ts does not name it`);
    }
    for (const column of written.keys()) {
      if (!columns.has(column)) found.push(`${table}.${column}: schema.ts names this column, the migrations make none`);
    }
  }
  for (const table of schema.keys()) {
    if (!migrations.has(table)) found.push(`${table}: schema.ts names this table, the migrations make none`);
  }
  return found;
}
