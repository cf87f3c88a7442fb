// The bench's "request waves including code" (scripts/bench.mjs, per backend):
// code chunks and API calls are counted together by countWaves, from the
// merchant page the bench's static server renders. Pure: resource records as
// the browser's Resource Timing gives them (start, end), no timing asserted.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { countWaves, wavesOf } from '../../scripts/bench/stats.mjs';
import { merchantPage } from '../../scripts/bench/static-server.mjs';

/** A resource that starts at `start` and takes `ms` (100 ms: the bench's latency). */
const r = (url, start, ms = 100) => ({ url, start, end: start + ms });
const names = (waves) => waves.map((w) => w.map((x) => x.url));

describe('request waves of code and API calls together', () => {
  // The Flexprice page as measured: the entry script; then the adapter chunk, the Overview's
  // chunks and the API calls in parallel as soon as it ran; then the chunks the Overview's chunk imports.
  const entry = r('/cdn/customer-portal.js', 5);
  const second = [
    r('/cdn/backend-flexprice-x.js', 112),
    r('API /info', 112, 104),
    r('API /wallets', 113, 104),
    r('/cdn/tab-overview-view-x.js', 114),
    r('API /subscriptions', 114, 108),
  ];
  const third = [r('/cdn/tab-date-x.js', 216), r('/cdn/tab-money-x.js', 216)];

  it('counts the entry script, the parallel code and API, and the imports they discovered as three waves', () => {
    const all = [...third, ...second, entry];
    assert.equal(countWaves(all), 3);
    assert.deepEqual(names(wavesOf(all)), [[entry.url], second.map((x) => x.url), third.map((x) => x.url)]);
  });

  it('adds a wave when the API waits for the adapter chunk (what lazy adapters must not cost)', () => {
    const adapter = second[0];
    const apiAfterCode = second.slice(1).map((x) => (x.url.startsWith('API') ? r(x.url, adapter.end + 2) : x));
    assert.equal(countWaves([entry, ...second]), 2);
    assert.equal(countWaves([entry, adapter, ...apiAfterCode]), 3);
    // Counting the API alone would hide it: the code is what makes the difference.
    assert.equal(countWaves(apiAfterCode.filter((x) => x.url.startsWith('API'))), 1);
  });

  it('does not count a request that started before another ended as waiting for it', () => {
    assert.equal(countWaves([r('a', 0), r('b', 99), r('c', 50)]), 1);
    assert.equal(countWaves([r('a', 0), r('b', 100.5)]), 1, 'within the 1 ms slack');
    assert.equal(countWaves([r('a', 0), r('b', 102)]), 2);
  });
});

describe('the merchant page the bench loads', () => {
  it('puts the session on the element in the HTML and loads only the backend entry', () => {
    const html = merchantPage(new URLSearchParams({ entry: '/cdn/polar/customer-portal.js', backend: 'polar', 'api-base': 'http://127.0.0.1:1/polar', token: 'polar_cst_abc', 'expires-at': '2026-11-30T14:00:00Z' }));
    assert.match(html, /<customer-portal backend="polar" api-base="http:\/\/127\.0\.0\.1:1\/polar" token="polar_cst_abc" expires-at="2026-11-30T14:00:00Z"><\/customer-portal>/);
    assert.deepEqual([...html.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1]), ['/cdn/polar/customer-portal.js']);
  });

  it('escapes attribute values and refuses an entry outside /cdn/', () => {
    const html = merchantPage(new URLSearchParams({ token: 'a"><script>x</script>' }));
    assert.ok(!html.includes('"><script>x'), html);
    assert.match(html, /token="a&quot;>&lt;script>x&lt;\/script>"/);
    assert.throws(() => merchantPage(new URLSearchParams({ entry: 'https://evil.example/x.js' })), /under \/cdn\//);
    assert.throws(() => merchantPage(new URLSearchParams({ entry: '/cdn/../package.json' })), /under \/cdn\//);
  });
});
