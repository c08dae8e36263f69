/**
 * Output of the suite: the console table, the Markdown report and its SVG chart (drawn by
 * hand: bars of throughput at 20 connections, p50/p99 at 1 connection, per scenario).
 */
const fmt = (value, digits = 1) => (value === null || value === undefined || Number.isNaN(value) ? '–' : Number(value).toFixed(digits).replace(/\.0+$/, ''));

export const TARGETS = {
  statements: { boardPage: 8, boardFeed: 8, projectTasks: 4, timetable: 4 },
  /**
   * Issue 19, at every scale: CPU ms per request at 20 connections, the server process and
   * its PostgreSQL backends together; and one data statement per page plus the session check.
   */
  cpuMsPerRequest: { boardPage: 8, boardFeed: 40, projectTasks: 16 },
  pageStatements: { boardPage: 2, boardFeed: 2, projectTasks: 2 },
  p50Ms: { boardPage: 25, projectTasks: 20, boardFeed: 55 },
  loginBurstMeP99Ms: 50,
};

/** One row per measured round. */
export function rows(report) {
  const out = [];
  for (const run of report.runs) {
    for (const round of run.rounds) {
      out.push({
        scale: run.scale,
        scenario: round.scenario,
        connections: round.connections,
        rps: round.perSecond,
        p50: round.latencyMs.p50,
        p90: round.latencyMs.p90,
        p99: round.latencyMs.p99,
        errors: round.non2xx + round.graphqlErrors + round.errors,
        timeouts: round.timeouts,
        cpuMsPerRequest: round.serverCpuMsPerRequest,
        dbCpuMsPerRequest: round.dbCpuMsPerRequest ?? null,
        totalCpuMsPerRequest: round.totalCpuMsPerRequest ?? null,
        rssMiB: round.peakRssMiB,
        statements: run.statements[round.scenario] ?? null,
        extra: [round.noneCompleted ? 'NO REQUEST COMPLETED in the round' : '', round.extra ?? ''].filter(Boolean).join('; '),
        noneCompleted: !!round.noneCompleted,
      });
    }
  }
  return out;
}

const HEAD = ['scale', 'scenario', 'conn', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'errors', 'timeouts', 'CPU ms/req', 'PG CPU ms/req', 'total CPU ms/req', 'peak RSS MiB', 'SQL/req', 'notes'];
const cells = (r) => [
  String(r.scale),
  r.scenario,
  String(r.connections),
  fmt(r.rps),
  fmt(r.p50, 0),
  fmt(r.p90, 0),
  fmt(r.p99, 0),
  String(r.errors),
  String(r.timeouts),
  fmt(r.cpuMsPerRequest, 2),
  fmt(r.dbCpuMsPerRequest, 2),
  fmt(r.totalCpuMsPerRequest, 2),
  r.rssMiB === null ? '–' : String(r.rssMiB),
  r.statements === null ? '–' : String(r.statements),
  r.extra,
];

export function consoleTable(report) {
  const body = rows(report).map(cells);
  const widths = HEAD.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (row) => row.map((c, i) => (i <= 1 || i === row.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(HEAD), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

export function markdownTable(report) {
  const body = rows(report).map(cells);
  return [`| ${HEAD.join(' | ')} |`, `|${HEAD.map((_, i) => (i <= 1 || i === HEAD.length - 1 ? '---' : '---:')).join('|')}|`, ...body.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}

/** Targets of issues 7 and 19, each { name, target, measured, met }. */
export function targets(report) {
  const out = [];
  const runOf = (scale) => report.runs.find((r) => r.scale === scale);
  const one = runOf(1);
  const ten = runOf(10);
  const round = (run, scenario, connections) => run?.rounds.find((r) => r.scenario === scenario && r.connections === connections);
  for (const [scenario, max] of Object.entries(TARGETS.statements)) {
    const s1 = one?.statements[scenario];
    out.push({ name: `${scenario} SQL statements ≤ ${max}`, target: `≤ ${max}`, measured: s1 ?? null, met: s1 !== undefined && s1 <= max });
    if (ten) {
      const s10 = ten.statements[scenario];
      out.push({ name: `${scenario} SQL statements unchanged at scale 10`, target: `= ${s1}`, measured: s10 ?? null, met: s10 !== undefined && s10 === s1 });
    }
  }
  for (const [scenario, max] of Object.entries(TARGETS.p50Ms)) {
    const r = round(one, scenario, 1);
    out.push({ name: `${scenario} p50 at 1 connection < ${max} ms`, target: `< ${max} ms`, measured: r ? `${r.latencyMs.p50} ms` : null, met: !!r && !r.noneCompleted && r.latencyMs.p50 < max });
  }
  const burst = one?.rounds.find((r) => r.scenario === 'loginBurst');
  if (burst) {
    out.push({ name: `loginBurst me p99 < ${TARGETS.loginBurstMeP99Ms} ms`, target: `< ${TARGETS.loginBurstMeP99Ms} ms`, measured: `${burst.latencyMs.p99} ms`, met: !burst.noneCompleted && burst.latencyMs.p99 < TARGETS.loginBurstMeP99Ms });
  }
  for (const run of report.runs) {
    for (const [scenario, max] of Object.entries(TARGETS.cpuMsPerRequest)) {
      const r = round(run, scenario, 20);
      if (!r) continue;
      const total = r.totalCpuMsPerRequest ?? null;
      out.push({ name: `${scenario} CPU (server + PostgreSQL) ≤ ${max} ms/request at 20 connections, scale ${run.scale}`, target: `≤ ${max}`, measured: total === null ? null : `${fmt(total, 2)} (${fmt(r.serverCpuMsPerRequest, 2)} + ${fmt(r.dbCpuMsPerRequest, 2)})`, met: total !== null && total <= max });
    }
    for (const [scenario, max] of Object.entries(TARGETS.pageStatements)) {
      const n = run.statements[scenario];
      if (n === undefined) continue;
      out.push({ name: `${scenario}: one data statement + the session check (≤ ${max}), scale ${run.scale}`, target: `≤ ${max}`, measured: n, met: n <= max });
    }
  }
  const all = rows(report);
  const errors = all.reduce((sum, r) => sum + r.errors + r.timeouts, 0);
  const empty = all.filter((r) => r.noneCompleted).length;
  out.push({ name: 'zero errors and timeouts everywhere', target: '0', measured: errors, met: errors === 0 });
  out.push({ name: 'every round completed requests', target: '0 empty rounds', measured: `${empty} empty rounds`, met: empty === 0 });
  return out;
}

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Two horizontal bar charts side by side: req/s at 20 connections; p50 and p99 at 1 connection. */
export function svgChart(report) {
  const entries = [];
  for (const run of report.runs) {
    const scenarios = [...new Set(run.rounds.map((r) => r.scenario))];
    for (const scenario of scenarios) {
      const at = (c) => run.rounds.find((r) => r.scenario === scenario && r.connections === c);
      const single = at(1);
      const many = run.rounds.filter((r) => r.scenario === scenario).sort((a, b) => b.connections - a.connections)[0];
      entries.push({ label: `${scenario}${report.runs.length > 1 ? ` ×${run.scale}` : ''}`, rps: many?.perSecond ?? 0, rpsConn: many?.connections, p50: single?.latencyMs.p50 ?? many?.latencyMs.p50 ?? 0, p99: single?.latencyMs.p99 ?? many?.latencyMs.p99 ?? 0, latencyConn: single ? 1 : many?.connections });
    }
  }
  const rowH = 26;
  const top = 50;
  const labelW = 150;
  const barW = 300;
  const gap = 70;
  const height = top + entries.length * rowH + 40;
  const width = labelW + barW + gap + labelW + barW + 150;
  const maxRps = Math.max(1, ...entries.map((e) => e.rps));
  const maxMs = Math.max(1, ...entries.map((e) => e.p99));
  const x2 = labelW + barW + gap;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${labelW}" y="20" font-weight="bold">Throughput (req/s, most connections)</text>`,
    `<text x="${x2 + labelW}" y="20" font-weight="bold">Latency (ms, 1 connection, log scale): p50 / p99</text>`,
    `<rect x="${x2 + labelW}" y="28" width="10" height="10" fill="#2b8a3e"/><text x="${x2 + labelW + 14}" y="37">p50</text>`,
    `<rect x="${x2 + labelW + 50}" y="28" width="10" height="10" fill="#f59f00"/><text x="${x2 + labelW + 64}" y="37">p99</text>`,
  ];
  entries.forEach((e, i) => {
    const y = top + i * rowH;
    const w = (e.rps / maxRps) * barW;
    parts.push(`<text x="${labelW - 6}" y="${y + 15}" text-anchor="end">${esc(e.label)}</text>`);
    parts.push(`<rect x="${labelW}" y="${y + 3}" width="${w.toFixed(1)}" height="16" fill="#1c7ed6"/>`);
    parts.push(`<text x="${(labelW + w + 4).toFixed(1)}" y="${y + 15}">${fmt(e.rps)} (${e.rpsConn} conn)</text>`);
    // Log scale: a 4 ms query and a 2 s one on the same axis.
    const w99 = (Math.log10(1 + e.p99) / Math.log10(1 + maxMs)) * barW;
    const w50 = (Math.log10(1 + e.p50) / Math.log10(1 + maxMs)) * barW;
    parts.push(`<text x="${x2 + labelW - 6}" y="${y + 15}" text-anchor="end">${esc(e.label)}</text>`);
    parts.push(`<rect x="${x2 + labelW}" y="${y + 3}" width="${w99.toFixed(1)}" height="16" fill="#f59f00"/>`);
    parts.push(`<rect x="${x2 + labelW}" y="${y + 7}" width="${w50.toFixed(1)}" height="8" fill="#2b8a3e"/>`);
    parts.push(`<text x="${(x2 + labelW + w99 + 4).toFixed(1)}" y="${y + 15}">${fmt(e.p50, 0)} / ${fmt(e.p99, 0)}${e.latencyConn !== 1 ? ` (${e.latencyConn} conn)` : ''}</text>`);
  });
  parts.push(`<text x="10" y="${height - 12}" fill="#666">${esc(`${report.date} · ${report.machine.cores} cores ${report.machine.cpu} · Node ${report.machine.node} · load avg ${report.machine.loadAverage.join(' / ')}`)}</text>`);
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/** Statements and single-connection latency at each scale, side by side. */
function scaleComparison(report) {
  if (report.runs.length < 2) return '';
  const scales = report.runs.map((r) => r.scale);
  const scenarios = [...new Set(report.runs.slice(1).flatMap((r) => r.rounds.map((x) => x.scenario)))];
  const head = ['scenario', ...scales.map((s) => `SQL/req ×${s}`), ...scales.map((s) => `p50 ms ×${s}`), ...scales.map((s) => `p99 ms ×${s}`), ...scales.map((s) => `req/s (20 conn) ×${s}`), ...scales.map((s) => `CPU ms/req server+PG (20 conn) ×${s}`)];
  const lines = [`| ${head.join(' | ')} |`, `|---|${head.slice(1).map(() => '---:').join('|')}|`];
  for (const scenario of scenarios) {
    const at = (run, c) => run.rounds.find((r) => r.scenario === scenario && r.connections === c);
    lines.push(
      `| ${scenario} | ${[
        ...report.runs.map((run) => run.statements[scenario] ?? '–'),
        ...report.runs.map((run) => fmt(at(run, 1)?.latencyMs.p50, 0)),
        ...report.runs.map((run) => fmt(at(run, 1)?.latencyMs.p99, 0)),
        ...report.runs.map((run) => fmt(at(run, 20)?.perSecond)),
        ...report.runs.map((run) => fmt(at(run, 20)?.totalCpuMsPerRequest, 2)),
      ].join(' | ')} |`,
    );
  }
  return `\n## Scale ${scales.join(' vs ')}\n\n${lines.join('\n')}\n`;
}

export function markdown(report, svgFile) {
  const m = report.machine;
  const t = targets(report);
  return `# Benchmark ${report.date}

- Machine: ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}, ${m.database}
- Load average before the run (1/5/15 min): ${m.loadAverage.join(' / ')}; machine ${m.backgroundBusyPercent}% busy in the second before it${m.backgroundBusyPercent > 15 ? ' — **other work was running: figures are skewed**' : ''}
- Load average at the end: ${report.loadAverageAtEnd.join(' / ')}
- Mode: ${report.settings.quick ? 'quick (BENCH_QUICK=1)' : 'full'}; ${report.settings.seconds} s per round; scales ${report.settings.scales.join(', ')}; loginBurst ${report.settings.loginSeconds} s at bcrypt cost ${report.settings.bcryptCost}
- Total run: ${fmt(report.elapsedSeconds, 0)} s

![throughput and latency per scenario](${svgFile})

## Results

${markdownTable(report)}
${scaleComparison(report)}
## Targets (issues 7 and 19)

| target | measured | |
|---|---:|---|
${t.map((x) => `| ${x.name} | ${x.measured ?? '–'} | ${x.met ? 'met' : '**missed**'} |`).join('\n')}

## Data sets

${report.runs.map((r) => `- scale ${r.scale}: ${Object.entries(r.data).map(([k, v]) => `${v} ${k}`).join(', ')}`).join('\n')}

Columns: req/s counts successful responses only; p50/p90/p99 from autocannon (HdrHistogram,
ms); errors = non-2xx + GraphQL errors (a 200 without the expected data) + socket errors;
CPU ms/req = the server process's user+system CPU (all threads, /proc/<pid>/stat) over the
round ÷ requests; PG CPU ms/req = the same for the API's PostgreSQL backends (the server
processes whose application_name is campus-api, from pg_stat_activity and their
/proc/<pid>/stat; – where PostgreSQL runs on another machine); total = both; peak RSS = the server's VmHWM (peak since it started, so it only grows
across rounds); SQL/req = statements one request sends, counted in-process through the
same pipeline (requestScope, as test/helpers/graphql.ts does).
`;
}
