/**
 * Periodic clean-up run by every instance: ended sessions are deleted a day after they end
 * (soon after start, then hourly); files nobody can reach any more go after the grace period
 * (see MediaService). Timers are unref'd (they never keep the process alive); the returned
 * function cancels them.
 */
import type { Config } from '../config';
import type { Services } from '../modules';
import type { Logger } from '../shared/logger';

export function startHousekeeping(services: Services, config: Config, logger: Logger): () => void {
  const purge = () =>
    services.session.purgeEnded().then(
      (count) => count > 0 && logger.info({ count }, 'deleted ended sessions'),
      (error) => logger.warn({ err: error }, 'could not delete ended sessions'),
    );
  const purgeTimer = setInterval(purge, 3600_000);
  const firstPurge = setTimeout(purge, 10_000);
  purgeTimer.unref();
  firstPurge.unref();

  const purgeUploads = () =>
    services.media.purgeUnreachable().then(
      (count) => count > 0 && logger.info({ count }, 'deleted unreachable uploads'),
      (error) => logger.warn({ err: error }, 'could not delete unreachable uploads'),
    );
  const uploadsTimer = setInterval(purgeUploads, config.media.cleanupIntervalSeconds * 1000);
  uploadsTimer.unref();

  return () => {
    clearInterval(purgeTimer);
    clearTimeout(firstPurge);
    clearInterval(uploadsTimer);
  };
}
