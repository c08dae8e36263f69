import { registerEnumType } from 'type-graphql';

/** Account roles. STAFF may create and moderate boards. */
export enum Role {
  USER = 'USER',
  STAFF = 'STAFF',
}

registerEnumType(Role, {
  name: 'Role',
  description: 'What an account may do beyond its own content.',
  valuesConfig: {
    USER: { description: 'A member of a school community.' },
    STAFF: { description: 'May create boards and moderate any content.' },
  },
});

/** The authenticated caller, as established once per request from the access token. */
export interface Viewer {
  id: string;
  role: Role;
  /** Session the access token belongs to; revoking it revokes the token. */
  sessionId: string;
  /**
   * The school the viewer is a VERIFIED member of (null otherwise): its community is the one
   * they may read and write. Read it through src/auth/membership.ts.
   */
  schoolId: string | null;
  /** Whether the account verified its e-mail address (needed to take part in the community). */
  emailVerified: boolean;
  /** The viewer's IANA time zone from their profile; null means the server default. */
  timeZone: string | null;
}
