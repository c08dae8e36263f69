/** GraphQL over HTTP: one-off calls, autocannon rounds and their summaries. */
import autocannon from 'autocannon';

/**
 * One POST to /graphql; throws on a non-200 or `errors`. `maxErrorChars` caps the response
 * quoted in the error (the suite: 2000; the login burst: all of it).
 */
export async function graphql(baseUrl, query, variables, headers = {}, { maxErrorChars = Infinity } = {}) {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = await response.json();
  if (response.status !== 200 || body.errors) {
    const text = JSON.stringify(body);
    throw new Error(`GraphQL call failed (${response.status}): ${maxErrorChars === Infinity ? text : text.slice(0, maxErrorChars)}`);
  }
  return body.data;
}

/**
 * Starts an autocannon run (30 s request timeout unless `options` say otherwise): { instance,
 * promise }. With `active` (a Set), the instance is in it until the run ends, so a cleanup can stop it.
 */
export function cannon(options, active) {
  let instance;
  const promise = new Promise((resolve, reject) => {
    instance = autocannon({ timeout: 30, ...options }, (error, result) => {
      active?.delete(instance);
      return error ? reject(error) : resolve(result);
    });
  });
  active?.add(instance);
  return { instance, promise };
}

/**
 * An autocannon result as the reports keep it. `suite`: requests/s to one decimal plus
 * `noneCompleted` (bench/run.mjs); otherwise the raw rate, no flag (bench/login-burst.mjs).
 */
export function summarize(result, { suite = false } = {}) {
  const ok = result['2xx'] - result.mismatches;
  const summary = {
    requests: result['2xx'] + result.non2xx,
    ok,
    perSecond: suite ? Math.round((10 * ok) / result.duration) / 10 : ok / result.duration,
    durationS: result.duration,
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max, mean: result.latency.mean },
    non2xx: result.non2xx,
    graphqlErrors: result.mismatches,
    errors: result.errors,
    timeouts: result.timeouts,
  };
  /** No request completed within the round: its latencies say nothing. */
  if (suite) summary.noneCompleted = ok === 0;
  return summary;
}
