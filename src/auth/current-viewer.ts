import { createParameterDecorator } from 'type-graphql';
import type { Context } from '../context';
import { UnauthenticatedError } from '../shared/errors';

/**
 * Injects the authenticated viewer. A second guard behind `@Authorized()`: it throws
 * UNAUTHENTICATED rather than hand a resolver a null viewer.
 */
export function CurrentViewer() {
  return createParameterDecorator<Context>(({ context }) => {
    if (!context.viewer) throw new UnauthenticatedError();
    return context.viewer;
  });
}

/** Injects the viewer or null, for public operations whose answer depends on who asks. */
export function OptionalViewer() {
  return createParameterDecorator<Context>(({ context }) => context.viewer);
}
