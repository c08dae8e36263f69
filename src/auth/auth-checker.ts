/**
 * TypeGraphQL's coarse check for `@Authorized()`. It throws our own errors (TypeGraphQL's
 * default answers UNAUTHORIZED for anonymous and forbidden callers alike): no viewer is
 * UNAUTHENTICATED, a viewer without a required role is FORBIDDEN.
 */
import type { AuthChecker } from 'type-graphql';
import type { Context } from '../context';
import { ForbiddenError, UnauthenticatedError } from '../shared/errors';
import type { Role } from './viewer';

export const authChecker: AuthChecker<Context, Role> = ({ context }, roles) => {
  if (!context.viewer) throw new UnauthenticatedError();
  if (roles.length > 0 && !roles.includes(context.viewer.role)) throw new ForbiddenError();
  return true;
};
