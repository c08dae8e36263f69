import { useEffect, useRef } from 'react';

/**
 * Infinite scroll that stays accessible: a real "Load more" button (keyboard and screen
 * reader users press it), which also loads by itself when it scrolls into view.
 */
export function LoadMore({ label, loading, onLoad }: { label: string; loading: boolean; onLoad: () => void }) {
  const button = useRef<HTMLButtonElement>(null);
  const latest = useRef({ loading, onLoad });
  latest.current = { loading, onLoad };

  useEffect(() => {
    const target = button.current;
    if (!target || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting) && !latest.current.loading) latest.current.onLoad();
    });
    observer.observe(target);
    return () => observer.disconnect();
  }, []);

  return (
    <button ref={button} type="button" className="load-more" onClick={onLoad} disabled={loading} aria-busy={loading}>
      {loading ? 'Loading…' : label}
    </button>
  );
}
