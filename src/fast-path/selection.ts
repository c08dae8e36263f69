/**
 * The fields of a selection set as the fast path reads them: fragments flattened (every
 * object type here is concrete, so a fragment applies when its type condition names the
 * parent type), fields of the same response key merged, in first-seen order (the order of
 * the response's keys, as graphql-js gives it).
 *
 * Anything this reader does not handle — a directive (@include/@skip depend on variables), a
 * fragment on another type, an unknown fragment — answers null: the operation then runs on
 * the resolver path, which handles everything.
 */
import { Kind, type FieldNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';

/** One response key: the field it reads, and the merged sub-selections of every occurrence. */
export interface SelectedField {
  key: string;
  name: string;
  /** The first occurrence (its arguments: occurrences of one key must agree, which validation ensures). */
  node: FieldNode;
  /** Every occurrence's selection set (for object fields). */
  selections: SelectionSetNode[];
}

export type Fragments = ReadonlyMap<string, FragmentDefinitionNode>;

/** The response keys of `sets` on an object of type `typeName`, or null when not covered. */
export function collectFields(sets: readonly SelectionSetNode[], typeName: string, fragments: Fragments): SelectedField[] | null {
  const fields = new Map<string, SelectedField>();
  const visit = (set: SelectionSetNode, seen: ReadonlySet<string>): boolean => {
    for (const selection of set.selections) {
      if (selection.directives?.length) return false;
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        const known = fields.get(key);
        if (known) {
          if (selection.selectionSet) known.selections.push(selection.selectionSet);
        } else {
          fields.set(key, { key, name: selection.name.value, node: selection, selections: selection.selectionSet ? [selection.selectionSet] : [] });
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (selection.typeCondition && selection.typeCondition.name.value !== typeName) return false;
        if (!visit(selection.selectionSet, seen)) return false;
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || seen.has(name) || fragment.directives?.length || fragment.typeCondition.name.value !== typeName) return false;
        if (!visit(fragment.selectionSet, new Set([...seen, name]))) return false;
      }
    }
    return true;
  };
  for (const set of sets) if (!visit(set, new Set())) return null;
  return [...fields.values()];
}
