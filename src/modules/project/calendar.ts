import type { Viewer } from '../../auth/viewer';
import { UserInputError } from '../../shared/errors';
import { canonicalTimeZone, TIME_ZONE_MESSAGE } from '../../shared/time-zone';
import { todayIn, type Today } from './due-dates';
import type { ProjectLoaders } from './project.loaders';

export interface CalendarLoaders {
  project: ProjectLoaders;
}

/**
 * Which time zone and which "now" a request's due-date rules use. The zone is the
 * `timeZone` argument, else the viewer's profile zone (users.time_zone), else the configured
 * default. "Now" is read once per request, so every field of a response agrees and the
 * loaders keyed by "today" batch across projects.
 */
export class Calendar {
  /** The clock. Tests replace it to stand at a chosen instant (e.g. 00:30 in Seoul). */
  now: () => Date = () => new Date();

  constructor(readonly defaultZone: string) {}

  /**
   * The viewer's profile zone comes with the viewer (read by the session check), so it costs
   * no statement.
   * @throws UserInputError (`timeZone`) for a name Intl does not know.
   */
  zoneFor(viewer: Viewer, timeZone: string | null | undefined): string {
    if (timeZone != null) {
      const zone = canonicalTimeZone(timeZone);
      if (!zone) throw UserInputError.field('timeZone', TIME_ZONE_MESSAGE);
      return zone;
    }
    return (viewer.timeZone && canonicalTimeZone(viewer.timeZone)) || this.defaultZone;
  }

  /** Today in the request's zone, computed once per request and zone. */
  async today(viewer: Viewer, timeZone: string | null | undefined, loaders: CalendarLoaders): Promise<Today> {
    const zone = this.zoneFor(viewer, timeZone);
    const clock = loaders.project.clock;
    clock.now ??= this.now();
    let today = clock.todayByZone.get(zone);
    if (!today) {
      today = todayIn(clock.now, zone);
      clock.todayByZone.set(zone, today);
    }
    return today;
  }
}
