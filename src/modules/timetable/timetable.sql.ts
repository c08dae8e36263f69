/**
 * The timetables' row locks, the statements of their writes that Prisma cannot express.
 */
import type { Prisma } from '../../generated/prisma/client';

type Tx = Prisma.TransactionClient;

/**
 * Locks one of the user's timetables for the rest of the transaction (adds to it queue up).
 * @returns whether the user has a timetable with this id.
 */
export async function lockOwnTimetable(tx: Tx, id: string, userId: string): Promise<boolean> {
  const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM timetables WHERE id = ${id} AND user_id = ${userId} FOR UPDATE`;
  return locked.length > 0;
}

/** Locks every timetable of the user's semester, in id order (primary changes queue up per semester). */
export async function lockSemesterTimetables(tx: Tx, userId: string, semester: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM timetables WHERE user_id = ${userId} AND semester = ${semester} ORDER BY id FOR UPDATE`;
}
