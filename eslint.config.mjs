// ESLint runs only graphql-eslint, over the GraphQL documents clients copy from
// (client/operations), checked against the committed schema. TypeScript is linted by oxlint
// (.oxlintrc.json): typescript-eslint's parser needs TypeScript's JavaScript API, which the
// native TypeScript 7 compiler this project uses does not have.
import graphqlPlugin from '@graphql-eslint/eslint-plugin';

export default [
  {
    files: ['client/operations/**/*.graphql'],
    languageOptions: {
      parser: graphqlPlugin.parser,
      parserOptions: { graphQLConfig: { schema: 'schema.graphql', documents: 'client/operations/**/*.graphql' } },
    },
    plugins: { '@graphql-eslint': graphqlPlugin },
    rules: {
      ...graphqlPlugin.configs['flat/operations-recommended'].rules,
      // The server's depth limit (GRAPHQL_MAX_DEPTH), not the plugin's default of 7.
      '@graphql-eslint/selection-set-depth': ['error', { maxDepth: 14 }],
    },
  },
];
