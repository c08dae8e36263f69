import type { Context } from '../../context';

/** Whether the request may see the private fields (e-mail, time zone) of account `userId`. */
export function isOwnAccount(ctx: Context, userId: string): boolean {
  return ctx.viewer?.id === userId || ctx.signedInAs === userId;
}
