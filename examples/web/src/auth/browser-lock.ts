/**
 * Runs `task` while holding a lock that every tab of this origin shares (Web Locks API), so
 * two tabs never present the same refresh token at once: the second waits, then sends the
 * cookie the first one's answer replaced. Without the API (very old browsers) the task just
 * runs; within one tab, refreshLink already shares one in-flight refresh.
 */
export function withBrowserLock<T>(name: string, task: () => Promise<T>): Promise<T> {
  if (typeof navigator === 'undefined' || !navigator.locks) return task();
  return navigator.locks.request(name, task);
}
