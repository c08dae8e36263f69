/**
 * The one time-zone validator: IANA names as the runtime's Intl knows them, compared
 * case-insensitively (`asia/seoul` is `Asia/Seoul`). Used by the configuration
 * (DEFAULT_TIME_ZONE), profiles (`updateProfile.timeZone`) and the project lists' `timeZone`.
 */
import { MaxLength } from 'class-validator';

const canonicalZones = new Map<string, string | null>();

/** The canonical name of an IANA zone Intl knows (`asia/seoul` → `Asia/Seoul`, blanks trimmed), else null (`""` included). */
export function canonicalTimeZone(name: string): string | null {
  const zone = name.trim();
  if (zone === '') return null;
  let canonical = canonicalZones.get(zone);
  if (canonical === undefined) {
    try {
      canonical = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
    } catch {
      canonical = null;
    }
    // Bounded: clients choose the names.
    if (canonicalZones.size < 1000) canonicalZones.set(zone, canonical);
  }
  return canonical;
}

/** The message for a name canonicalTimeZone refuses. */
export const TIME_ZONE_MESSAGE = 'is not a known IANA time zone';

/** The longest name accepted at all; IANA names are far shorter (the longest is 32). */
export const TIME_ZONE_MAX_LENGTH = 64;

/**
 * class-validator cap of a time-zone input: refuses overlong text before the service asks
 * canonicalTimeZone (which answers the same message for an unknown name).
 */
export function IsTimeZoneName(): PropertyDecorator {
  return MaxLength(TIME_ZONE_MAX_LENGTH, { message: TIME_ZONE_MESSAGE });
}
