// Harness of strict.html: records CSP violations and uncaught errors the page
// itself sees (the test server also collects the browser's reports).
const log = { violations: [], errors: [] };
window.__strict = log;
document.addEventListener('securitypolicyviolation', (e) => {
  log.violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample, source: e.sourceFile, line: e.lineNumber });
});
window.addEventListener('error', (e) => log.errors.push(String(e.message)));
window.addEventListener('unhandledrejection', (e) => log.errors.push(`unhandled: ${String(e.reason && e.reason.message ? e.reason.message : e.reason)}`));
