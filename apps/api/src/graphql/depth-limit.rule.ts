import {
  ASTVisitor,
  GraphQLError,
  Kind,
  SelectionSetNode,
  ValidationContext,
  FragmentDefinitionNode,
} from 'graphql';

/** Refuses documents nested deeper than `maxDepth` (fragments followed, introspection included). */
export function depthLimit(maxDepth: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    const depthOf = (
      selectionSet: SelectionSetNode | undefined,
      depth: number,
      seen: Set<string>,
    ): number => {
      if (!selectionSet) return depth;
      let max = depth;
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          max = Math.max(
            max,
            depthOf(selection.selectionSet, depth + (selection.selectionSet ? 1 : 0), seen),
          );
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          max = Math.max(max, depthOf(selection.selectionSet, depth, seen));
        } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
          const name = selection.name.value;
          if (seen.has(name)) continue;
          const fragment = fragments.get(name);
          if (fragment) max = Math.max(max, depthOf(fragment.selectionSet, depth, new Set([...seen, name])));
        }
      }
      return max;
    };
    return {
      OperationDefinition(node) {
        const depth = depthOf(node.selectionSet, 1, new Set());
        if (depth > maxDepth) {
          context.reportError(
            new GraphQLError(`Query is too deep: ${depth} levels (maximum ${maxDepth})`, { nodes: [node] }),
          );
        }
      },
    };
  };
}
