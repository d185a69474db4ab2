import type { z } from 'zod';
import * as contracts from '../src/index.ts';
import type { CommandDef } from '../src/index.ts';

/** A string a schema takes, with the path of its field (`*` for any index or value, `(key)` for a record's keys). */
export interface StringLeaf {
  path: string;
  schema: z.ZodType;
}

/**
 * Every string field of an input schema, however deep: through objects,
 * arrays, records (keys and values), unions, intersections, optionals,
 * defaults and pipes.
 */
export function stringLeaves(schema: z.ZodType, path = ''): StringLeaf[] {
  const def = (schema as any)._zod.def;
  const at = (p: string) => (path ? `${path}.${p}` : p);
  switch (def.type) {
    case 'string':
      return [{ path: path || '(value)', schema }];
    case 'object':
      return Object.entries(def.shape as Record<string, z.ZodType>).flatMap(([k, v]) => stringLeaves(v, at(k)));
    case 'array':
      return stringLeaves(def.element, at('*'));
    case 'record':
      return [...stringLeaves(def.keyType, at('(key)')), ...stringLeaves(def.valueType, at('*'))];
    case 'union':
      return (def.options as z.ZodType[]).flatMap((o) => stringLeaves(o, path));
    case 'intersection':
      return [...stringLeaves(def.left, path), ...stringLeaves(def.right, path)];
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return stringLeaves(def.innerType, path);
    case 'pipe':
      return stringLeaves(def.in, path);
    case 'lazy':
      return stringLeaves(def.getter(), path);
    default:
      return [];
  }
}

/** The lengths a string field allows, from its checks (zod keeps them in its definition). */
function lengthsOf(schema: z.ZodType): { minimum: number; maximum: number } {
  let minimum = 0;
  let maximum = Infinity;
  for (const check of ((schema as any)._zod.def.checks ?? []) as { _zod: { def: Record<string, any> } }[]) {
    const def = check._zod.def;
    if (def.check === 'min_length') minimum = Math.max(minimum, def.minimum);
    if (def.check === 'max_length') maximum = Math.min(maximum, def.maximum);
    if (def.check === 'length_equals') [minimum, maximum] = [def.length, def.length];
  }
  return { minimum, maximum };
}

/**
 * Whether a string field takes a value with `control` inside it, of a length
 * the field otherwise allows (between letters, so trimming cannot remove it).
 */
export function takesControl(schema: z.ZodType, control: string): boolean {
  const { minimum, maximum } = lengthsOf(schema);
  const length = Math.min(Math.max(minimum, 3), maximum);
  return schema.safeParse(`a${control}${'a'.repeat(Math.max(0, length - 2))}`).success;
}

/** Every command of libs/contracts. */
export function allCommands(): CommandDef[] {
  return Object.values(contracts).flatMap((group) =>
    typeof group === 'object' && group !== null
      ? Object.values(group as Record<string, unknown>).filter(
          (c): c is CommandDef => (c as CommandDef | undefined)?.kind === 'command',
        )
      : [],
  );
}
