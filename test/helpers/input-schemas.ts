/**
 * Reads the zod input schemas of the real router: which procedures take input and, for each, the tree of its
 * input down to the leaves. The unit test checks every leaf is an input block; the fuzz test builds hostile
 * inputs from the same tree.
 */

import type { AnyRouter } from '@trpc/server';
import type { z } from 'zod';
import { type BlockMeta, inputBlocks } from '../../shared/schemas/blocks';

type AnySchema = z.core.$ZodType;
type Def = z.core.$ZodTypeDef & Record<string, unknown>;

export interface Procedure {
  path: string;
  type: 'query' | 'mutation' | 'subscription';
  /** The input schema, or null for a procedure that takes none. */
  input: AnySchema | null;
}

/** Every procedure of a router, with its input schema (tRPC keeps the parsers in `_def.inputs`). */
export function proceduresOf(router: AnyRouter): Procedure[] {
  const procs = router._def.procedures as Record<string, { _def: { type: Procedure['type']; inputs: unknown[] } }>;
  return Object.entries(procs).map(([path, p]) => {
    if (p._def.inputs.length > 1) throw new Error(`${path}: chained .input() is not supported by this reader`);
    return { path, type: p._def.type, input: (p._def.inputs[0] as AnySchema | undefined) ?? null };
  });
}

/** A node of an input tree: a block, a structure around blocks, or a leaf that is neither. */
export type Node =
  | { kind: 'block'; meta: BlockMeta; schema: AnySchema }
  | { kind: 'object'; fields: Record<string, Node> }
  | { kind: 'array'; element: Node; min: number; max: number }
  | { kind: 'optional'; inner: Node; withDefault: boolean }
  | { kind: 'enum'; values: readonly (string | number)[] }
  | { kind: 'literal'; values: readonly unknown[] }
  | { kind: 'boolean' }
  | { kind: 'union'; options: Node[] }
  /** Anything else: a bare z.string(), z.number(), z.any() …, named by its zod type. */
  | { kind: 'raw'; zodType: string; format?: string };

const def = (s: AnySchema) => s._zod.def as Def;

/** The tree of a schema. A registered block is a leaf: what it accepts is the block's business. */
export function treeOf(schema: AnySchema): Node {
  const meta = inputBlocks.has(schema as z.ZodType) ? inputBlocks.get(schema as z.ZodType) : undefined;
  if (meta) return { kind: 'block', meta, schema };
  const d = def(schema);
  switch (d.type) {
    case 'object': {
      const shape = d.shape as Record<string, AnySchema>;
      return { kind: 'object', fields: Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, treeOf(v)])) };
    }
    case 'array': {
      const bounds = arrayBounds(schema);
      return { kind: 'array', element: treeOf(d.element as AnySchema), ...bounds };
    }
    case 'optional':
      return { kind: 'optional', inner: treeOf(d.innerType as AnySchema), withDefault: false };
    case 'default':
    case 'prefault':
      return { kind: 'optional', inner: treeOf(d.innerType as AnySchema), withDefault: true };
    case 'enum':
      return { kind: 'enum', values: Object.values(d.entries as Record<string, string | number>) };
    case 'literal':
      return { kind: 'literal', values: d.values as unknown[] };
    case 'boolean':
      return { kind: 'boolean' };
    case 'union':
      return { kind: 'union', options: (d.options as AnySchema[]).map(treeOf) };
    case 'pipe':
      // What is validated is the input side; a transform after a block does not make its input unsafe.
      return treeOf(d.in as AnySchema);
    default:
      return { kind: 'raw', zodType: d.type, format: (d as { format?: string }).format };
  }
}

function arrayBounds(schema: AnySchema): { min: number; max: number } {
  const out = { min: 0, max: 50 };
  for (const check of (def(schema).checks ?? []) as unknown as Array<{ _zod: { def: Record<string, unknown> } }>) {
    const c = check._zod.def;
    if (c.check === 'min_length') out.min = c.minimum as number;
    if (c.check === 'max_length') out.max = c.maximum as number;
  }
  return out;
}

/** The paths of leaves that are not input blocks ("items[].name: string"). */
export function rawLeaves(node: Node, path = ''): string[] {
  switch (node.kind) {
    case 'raw':
      return [`${path || '(input)'}: ${node.zodType}`];
    case 'object':
      return Object.entries(node.fields).flatMap(([k, v]) => rawLeaves(v, path ? `${path}.${k}` : k));
    case 'array':
      return rawLeaves(node.element, `${path}[]`);
    case 'optional':
      return rawLeaves(node.inner, path);
    case 'union':
      return node.options.flatMap((o) => rawLeaves(o, path));
    default:
      return [];
  }
}
