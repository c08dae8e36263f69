// Codegen document transform: adds `__typename` to every selection set except an operation's
// root, exactly as Apollo Client does before it sends a document. The generated types then
// carry `__typename`, and the trusted-document hashes are those of what Apollo Client sends.
const { Kind, visit } = require('graphql');

const TYPENAME = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } };

function addTypename(document) {
  return visit(document, {
    SelectionSet(node, _key, parent) {
      if (parent && !Array.isArray(parent) && parent.kind === Kind.OPERATION_DEFINITION) return undefined;
      const has = node.selections.some((s) => s.kind === Kind.FIELD && s.name.value === '__typename' && !s.alias);
      return has ? undefined : { ...node, selections: [TYPENAME, ...node.selections] };
    },
  });
}

exports.transform = ({ documents }) =>
  documents.map((source) => (source.document ? { ...source, document: addTypename(source.document) } : source));
