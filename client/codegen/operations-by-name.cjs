// Codegen plugin: re-exports the client preset's TypedDocumentNodes under their operation
// names (`Login` for `LoginDocument`), which is how typescript-react-apollo's
// `documentMode: external` refers to them. The hooks then use the very documents that carry
// the trusted-document hash, and the preset's operation types: one source of truth.
const { Kind } = require('graphql');

exports.plugin = (_schema, documents, config) => {
  const from = config.from;
  const names = documents
    .flatMap((source) => source.document?.definitions ?? [])
    .filter((definition) => definition.kind === Kind.OPERATION_DEFINITION && definition.name)
    .map((definition) => definition.name.value)
    .sort();
  return [
    `export * from '${from}';`,
    'export {',
    ...names.map((name) => `  ${name}Document as ${name},`),
    `} from '${from}';`,
    '',
  ].join('\n');
};
