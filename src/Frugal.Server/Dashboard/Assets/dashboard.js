// Frugal dashboard: plain JS, hand-drawn SVG, no library and nothing fetched from anywhere but this gateway.
// Data: /admin/dashboard/summary?period=… (hourly rollups) and /admin/dashboard/requests?… (recent ledger rows).
'use strict';

const SVG = 'http://www.w3.org/2000/svg';
const PALETTE = ['#2563eb', '#16a34a', '#d97706', '#9333ea', '#dc2626', '#0891b2', '#db2777', '#65a30d', '#7c3aed', '#ea580c'];
const REASON_COLORS = { cache: '#2563eb', semantic_cache: '#0891b2', routing: '#16a34a', compression: '#9333ea', batch: '#d97706', provider_cache: '#64748b' };
const REFRESH_MS = 30000;

const $ = (selector) => document.querySelector(selector);

/** Dollars with enough places for per-request amounts (fractions of a cent). */
function money(usd) {
  if (usd === null || usd === undefined) return '–';
  return Math.abs(usd) >= 1 ? usd.toFixed(2) : usd.toFixed(6);
}

function row(...cells) {
  const tr = document.createElement('tr');
  tr.append(...cells);
  return tr;
}

function count(n) { return n.toLocaleString('en-US'); }

function el(tag, attributes, text) {
  const node = tag.startsWith('svg:') ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function bucketLabel(ms, stepMs) {
  const d = new Date(ms);
  const pad = (n) => String(n).padStart(2, '0');
  if (stepMs >= 86400000) return `${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  if (stepMs > 3600000) return `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}h`;
  return `${pad(d.getHours())}:00`;
}

/** Stacked bars: one bar per bucket, one segment per series (model or reason). */
function stackedBars(container, buckets, stepMs, series, colorOf, testId) {
  container.replaceChildren();
  const width = 900, height = 220, left = 64, bottom = 22, top = 8;
  const totals = buckets.map((_, i) => series.reduce((sum, s) => sum + s.values[i], 0));
  const max = Math.max(...totals, 0);
  const svg = el('svg:svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'data-testid': testId });
  const plotHeight = height - bottom - top;
  const step = (width - left) / Math.max(buckets.length, 1);
  for (let g = 0; g <= 4; g++) {
    const y = top + plotHeight - (plotHeight * g / 4);
    svg.append(el('svg:line', { x1: left, x2: width, y1: y, y2: y, class: 'grid' }));
    svg.append(el('svg:text', { x: left - 4, y: y + 3, 'text-anchor': 'end' }, max === 0 ? (g === 0 ? '0' : '') : '$' + money(max * g / 4)));
  }
  buckets.forEach((ms, i) => {
    let y = top + plotHeight;
    series.forEach((s, k) => {
      const value = s.values[i];
      if (value <= 0 || max === 0) return;
      const h = plotHeight * value / max;
      y -= h;
      const rect = el('svg:rect', {
        x: left + i * step + 1, y, width: Math.max(step - 2, 1), height: h, fill: colorOf(s.name, k),
        'data-series': s.name, 'data-bucket': ms, 'data-usd': value,
      });
      rect.append(el('svg:title', {}, `${bucketLabel(ms, stepMs)} ${s.name}: $${money(value)}`));
      svg.append(rect);
    });
    const every = Math.ceil(buckets.length / 12);
    if (i % every === 0) svg.append(el('svg:text', { x: left + i * step + step / 2, y: height - 6, 'text-anchor': 'middle' }, bucketLabel(ms, stepMs)));
  });
  if (max === 0) svg.append(el('svg:text', { x: (width + left) / 2, y: height / 2, 'text-anchor': 'middle' }, 'nothing in this period'));
  container.append(svg);
}

function legend(list, series, colorOf) {
  list.replaceChildren();
  series.forEach((s, k) => {
    const total = s.values.reduce((a, b) => a + b, 0);
    const item = el('li', { 'data-series': s.name, 'data-total-usd': total });
    const swatch = el('svg:svg', { width: 10, height: 10, class: 'swatch' });
    swatch.append(el('svg:rect', { width: 10, height: 10, fill: colorOf(s.name, k) }));
    item.append(swatch, el('span', { class: 'name' }, s.name + ' '), el('span', { class: 'total' }, '$' + money(total)));
    list.append(item);
  });
}

/** Line of the cache hit rate (0–100%); buckets without a cache lookup leave a gap. */
function hitRateLine(container, buckets, stepMs, rates) {
  container.replaceChildren();
  const width = 440, height = 180, left = 36, bottom = 22, top = 8;
  const plotHeight = height - bottom - top;
  const step = (width - left) / Math.max(buckets.length, 1);
  const svg = el('svg:svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'data-testid': 'hit-rate-chart' });
  for (let g = 0; g <= 4; g++) {
    const y = top + plotHeight - plotHeight * g / 4;
    svg.append(el('svg:line', { x1: left, x2: width, y1: y, y2: y, class: 'grid' }));
    svg.append(el('svg:text', { x: left - 4, y: y + 3, 'text-anchor': 'end' }, `${g * 25}%`));
  }
  let path = '';
  rates.forEach((rate, i) => {
    if (rate === null) { path += ' '; return; }
    const x = left + i * step + step / 2, y = top + plotHeight - plotHeight * rate;
    path += (path === '' || path.endsWith(' ') ? 'M' : 'L') + `${x.toFixed(1)},${y.toFixed(1)}`;
    const dot = el('svg:circle', { cx: x, cy: y, r: 3, fill: '#2563eb', 'data-bucket': buckets[i], 'data-rate': rate });
    dot.append(el('svg:title', {}, `${bucketLabel(buckets[i], stepMs)}: ${(rate * 100).toFixed(1)}%`));
    svg.append(dot);
  });
  svg.prepend(el('svg:path', { d: path.replace(/ +/g, ' ').trim(), fill: 'none', stroke: '#2563eb', 'stroke-width': 2 }));
  if (rates.every((r) => r === null)) svg.append(el('svg:text', { x: (width + left) / 2, y: height / 2, 'text-anchor': 'middle' }, 'no cache lookups in this period'));
  container.append(svg);
}

function ranking(table, rows, nameHeader) {
  table.replaceChildren();
  const head = el('tr');
  [nameHeader, 'requests', 'spend $', 'saved $'].forEach((h, i) => head.append(el('th', i ? { class: 'num' } : {}, h)));
  const thead = el('thead');
  thead.append(head);
  table.append(thead);
  const body = el('tbody');
  if (rows.length === 0) body.append(row(el('td', { colspan: 4, class: 'muted' }, 'none in this period')));
  for (const r of rows) {
    const tr = el('tr', { 'data-name': r.name, 'data-cost-usd': r.costUsd });
    tr.append(el('td', { class: 'name', title: r.name }, r.label && r.label !== r.name ? `${r.label} (${r.name})` : r.name),
      el('td', { class: 'num requests' }, count(r.requests)), el('td', { class: 'num cost' }, money(r.costUsd)), el('td', { class: 'num saved' }, money(r.savedUsd)));
    body.append(tr);
  }
  table.append(body);
}

function percentiles(summary) {
  const body = $('#latency tbody');
  body.replaceChildren();
  const fmt = (v) => (v === null ? '–' : Math.round(v).toLocaleString('en-US'));
  for (const [name, p] of [['latency', summary.latency], ['time to first token', summary.timeToFirstToken]]) {
    const tr = el('tr', { 'data-metric': name });
    tr.append(el('th', {}, name), el('td', { class: 'count' }, count(p.count)), el('td', {}, fmt(p.p50)), el('td', {}, fmt(p.p90)), el('td', {}, fmt(p.p95)), el('td', {}, fmt(p.p99)));
    body.append(tr);
  }
}

function budgets(list, unavailable) {
  const box = $('#budgets');
  box.replaceChildren();
  if (unavailable) {
    box.append(el('p', { class: 'muted', 'data-testid': 'budgets-unavailable' }, 'budgets unavailable: ' + unavailable));
    return;
  }
  if (list.length === 0) {
    box.append(el('p', { class: 'muted', 'data-testid': 'no-budgets' }, 'no budgets configured'));
    return;
  }
  for (const b of list) {
    const share = b.utilisation;
    const gauge = el('div', { class: 'gauge' + (share >= 1 ? ' over' : share >= 0.8 ? ' warn' : ''), 'data-budget': b.id });
    gauge.append(el('div', {}, `${b.id} — $${money(b.spentUsd + b.reservedUsd)} of $${money(b.limitUsd)} (${(share * 100).toFixed(1)}%), resets ${new Date(b.resetsAt).toLocaleString()}`));
    const bar = el('svg:svg', { viewBox: '0 0 100 6', preserveAspectRatio: 'none', width: '100%', height: 10 });
    bar.append(el('svg:rect', { width: 100, height: 6, fill: '#e3e6eb' }));
    bar.append(el('svg:rect', { width: Math.min(share, 1) * 100, height: 6, fill: share >= 1 ? '#dc2626' : share >= 0.8 ? '#d97706' : '#2563eb' }));
    gauge.append(bar);
    for (const a of b.firedAlerts) {
      gauge.append(el('div', { class: 'alert' }, `${Math.round(a.threshold * 100)}% reached → ${a.action} at ${new Date(a.firedAt).toLocaleString()}`));
    }
    box.append(gauge);
  }
}

function fillOptions(select, names) {
  const current = select.value;
  const keep = new Set([...select.options].map((o) => o.value));
  for (const name of names) {
    if (!keep.has(name)) select.append(el('option', { value: name }, name));
  }
  select.value = current;
}

function renderSummary(s) {
  $('#kpi-spend').textContent = '$' + money(s.totals.costUsd);
  $('#kpi-saved').textContent = '$' + money(s.totals.savedUsd);
  $('#kpi-requests').textContent = count(s.totals.requests);
  $('#kpi-errors').textContent = count(s.totals.errors);
  const hits = s.totals.cacheHits + s.totals.semanticCacheHits;
  $('#kpi-hit-rate').textContent = s.totals.cacheLookups === 0 ? '–' : `${(100 * hits / s.totals.cacheLookups).toFixed(1)}%`;
  $('#kpi-tokens').textContent = `${count(s.totals.inputTokens)} / ${count(s.totals.outputTokens)}`;

  const modelColor = (name, k) => PALETTE[k % PALETTE.length];
  const reasonColor = (name, k) => REASON_COLORS[name] || PALETTE[k % PALETTE.length];
  stackedBars($('#chart-spend'), s.buckets, s.stepMs, s.spendByModel, modelColor, 'spend-chart');
  legend($('#legend-spend'), s.spendByModel, modelColor);
  stackedBars($('#chart-saved'), s.buckets, s.stepMs, s.savedByReason, reasonColor, 'saved-chart');
  legend($('#legend-saved'), s.savedByReason, reasonColor);
  hitRateLine($('#chart-hit-rate'), s.buckets, s.stepMs, s.cacheHitRate);
  savingsSplit(s.totals, s.savingBaselines);
  percentiles(s);
  budgets(s.budgets, s.budgetsUnavailable);
  ranking($('#top-models'), s.topModels, 'model');
  ranking($('#top-keys'), s.topKeys, 'key');
  ranking($('#top-teams'), s.topTeams, 'team');
  ranking($('#top-tags'), s.topTags, 'tag');
  fillOptions($('#filters [name=model]'), s.topModels.map((r) => r.name));
  fillOptions($('#filters [name=route]'), s.topRoutes.map((r) => r.name));
  providerCache(s.providerCache || []);
  piiPanel(s.pii || []);
}

/** Provider prompt caching per route and model (summary.providerCache, from the hourly rollups). */
function providerCache(rows) {
  const body = $('#provider-cache tbody');
  body.replaceChildren();
  const percent = (part, whole) => (whole === 0 ? '–' : `${(100 * part / whole).toFixed(1)}%`);
  for (const r of rows) {
    const net = r.savedUsd - r.writePremiumUsd;
    const tr = el('tr', { 'data-route': r.route, 'data-model': r.model });
    tr.append(
      el('td', { class: 'route' }, r.route), el('td', { class: 'model' }, r.model), el('td', { class: 'num requests' }, count(r.requests)),
      el('td', { class: 'num in' }, count(r.inputTokens)),
      el('td', { class: 'num cached-share', title: `${count(r.cachedInputTokens)} cached tokens` }, percent(r.cachedInputTokens, r.inputTokens)),
      el('td', { class: 'num written' }, count(r.cacheWriteTokens)), el('td', { class: 'num saved' }, money(r.savedUsd)),
      el('td', { class: 'num premium' }, money(r.writePremiumUsd)), el('td', { class: 'num net' + (net < 0 ? ' loss' : '') }, money(net)),
      el('td', { class: 'num eligible', title: `${count(r.eligibleRequests)} of ${count(r.measuredRequests)} measured calls` },
        r.measuredRequests === 0 ? 'not measured' : percent(r.eligibleRequests, r.measuredRequests)));
    body.append(tr);
  }
  if (rows.length === 0) body.append(row(el('td', { colspan: 10, class: 'muted' }, 'no calls in this period')));
}

/** Personal data the privacy stage acted on, per entity type by route then by key (summary.pii, from the hourly rollups). */
function piiPanel(rows) {
  const body = $('#pii tbody');
  body.replaceChildren();
  for (const r of rows) {
    const tr = el('tr', { 'data-scope': r.scope, 'data-name': r.name, 'data-entity': r.entity });
    tr.append(
      el('td', { class: 'scope' }, r.scope), el('td', { class: 'name' }, r.name), el('td', { class: 'entity' }, r.entity),
      el('td', { class: 'num values' }, count(r.values)), el('td', { class: 'num requests' }, count(r.requests)));
    body.append(tr);
  }
  if (rows.length === 0) body.append(row(el('td', { colspan: 5, class: 'muted' }, 'no personal data in this period')));
}

function renderRequests(page) {
  const body = $('#recent tbody');
  body.replaceChildren();
  for (const r of page.requests) {
    const tr = el('tr', { 'data-request-id': r.requestId, class: r.status >= 400 ? 'error' : '' });
    const time = new Date(r.timestampMs).toLocaleTimeString();
    tr.append(
      el('td', {}, time), el('td', { class: 'muted', title: r.requestId }, r.requestId.slice(-10)), el('td', { title: r.keyId }, r.keyName || r.keyId),
      el('td', { class: 'route' }, r.route || '–'), el('td', { class: 'model' }, r.model || '–'), el('td', { class: 'cache' }, r.cacheOutcome),
      el('td', { class: 'num in' }, count(r.inputTokens)), el('td', { class: 'num out' }, count(r.outputTokens)),
      el('td', { class: 'num cost' }, money(r.costUsd)), el('td', { class: 'num saved' }, money(r.savedUsd)),
      el('td', { class: 'num' }, Math.round(r.latencyMs).toString()), el('td', { class: 'num status' }, String(r.status)));
    body.append(tr);
  }
  if (page.requests.length === 0) body.append(row(el('td', { colspan: 12, class: 'muted' }, 'no requests match')));
}

/**
 * Frugal's own savings (caches, routing, compression, batch), each with the baseline it is measured against,
 * kept apart from the provider's prompt-cache discount, which the provider gives with or without a gateway.
 * Text from the server goes in with textContent only.
 */
function savingsSplit(totals, baselines) {
  $('#split-would').textContent = '$' + money(totals.wouldHaveCostUsd);
  $('#split-paid').textContent = '$' + money(totals.costUsd);
  $('#split-frugal').textContent = '$' + money(totals.frugalSavedUsd);
  $('#split-percent').textContent = totals.wouldHaveCostUsd > 0 ? `${(100 * totals.frugalSavedUsd / totals.wouldHaveCostUsd).toFixed(1)}%` : '–';
  const body = $('#split-frugal-rows');
  body.replaceChildren();
  for (const b of baselines.filter((x) => x.frugals)) {
    const tr = el('tr', { 'data-reason': b.reason });
    tr.append(el('td', {}, b.reason.replace('_', ' ')), el('td', { class: 'num saved' }, money(b.savedUsd)), el('td', { class: 'muted baseline' }, b.baseline));
    body.append(tr);
  }
  const provider = baselines.find((x) => !x.frugals);
  $('#split-provider').textContent = money(totals.providerCacheDiscountUsd);
  $('#split-provider-baseline').textContent = provider ? provider.baseline : '';
  $('#split-voided').textContent = money(totals.savingVoidedUsd);
}

async function getJson(url) {
  const response = await fetch(url, { credentials: 'same-origin', cache: 'no-store' });
  if (!response.ok) {
    let message = `${response.status}`;
    try { message = (await response.json()).error.message; } catch { /* not JSON */ }
    throw new Error(message);
  }
  return response.json();
}

async function refresh() {
  const period = $('#period').value;
  const filters = new URLSearchParams({ period, limit: '200' });
  for (const [name, value] of new FormData($('#filters'))) if (value) filters.set(name, value);
  try {
    const [summary, page] = await Promise.all([
      getJson(`/admin/dashboard/summary?period=${encodeURIComponent(period)}`),
      getJson(`/admin/dashboard/requests?${filters}`),
    ]);
    renderSummary(summary);
    renderRequests(page);
    $('#status').textContent = `updated ${new Date().toLocaleTimeString()}`;
    document.body.dataset.loaded = String(Date.now());
  } catch (error) {
    $('#status').textContent = `could not load: ${error.message}`;
  }
}

document.addEventListener('DOMContentLoaded', () => {
  const fromUrl = new URLSearchParams(location.search).get('period');
  if (fromUrl && [...$('#period').options].some((o) => o.value === fromUrl)) $('#period').value = fromUrl;
  $('#period').addEventListener('change', refresh);
  $('#filters').addEventListener('change', refresh);
  refresh();
  setInterval(refresh, REFRESH_MS);
});
