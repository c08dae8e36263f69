/**
 * The starter document and variables of both explorers (Apollo Sandbox on `GET /graphql`,
 * GraphiQL on `/graphiql`): public operations first, then one that needs the token.
 */

export const EXPLORER_DOCUMENT = `# Welcome to the Campus API. Put the cursor in an operation and press Run.
#
# Schools and Login need no token. The Variables below sign in as a demo account of
# \`npm run db:seed\` (development data only).
#
# Every other operation needs the access token: copy \`accessToken\` from Login's result,
# open "Headers" below and add the header
#
#   Authorization: Bearer <accessToken>
#
# Then run Me. An access token expires after 15 minutes (by default): run Refresh with the
# \`refreshToken\` from Login and use the new pair (each refresh token works once). Login,
# Refresh and Schools still work while the header holds an expired token.

query Schools {
  schools {
    id
    name
    region
  }
}

mutation Login($input: LoginInput!) {
  login(input: $input) {
    accessToken
    accessTokenExpiresAt
    refreshToken
    user {
      id
      nickname
      school {
        name
      }
    }
  }
}

query Me {
  me {
    id
    nickname
    email
    school {
      name
    }
  }
}

mutation Refresh($refreshToken: String) {
  refresh(refreshToken: $refreshToken) {
    accessToken
    refreshToken
  }
}
`;

/** A demo account of `npm run db:seed` (prisma/seed.ts). */
export const EXPLORER_VARIABLES = { input: { login: 'minji', password: 'campus-demo-1234' }, refreshToken: '<refreshToken from Login>' };
