// `npm audit --omit=dev` for CI: fails on any advisory against a runtime dependency unless .ci/audit-accepted.json
// explains it (advisory id or URL → why it does not apply, and until when). When the registry cannot be reached
// (a closed network answers npm's bulk endpoint with an error), it says so and does not pretend the tree is clean.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const accepted = existsSync('.ci/audit-accepted.json') ? JSON.parse(readFileSync('.ci/audit-accepted.json', 'utf8')) : {};
let report;
try {
  report = JSON.parse(execFileSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
} catch (error) {
  // npm audit exits 1 when it finds advisories; its JSON is still on stdout.
  try {
    report = JSON.parse(error.stdout);
  } catch {
    console.warn(`npm audit could not run (no registry?): ${String(error.stderr ?? error.message).split('\n')[0]}\nRuntime dependencies were NOT audited in this run.`);
    process.exit(0);
  }
}
if (report.error) {
  console.warn(`npm audit could not reach the advisory service: ${report.error.summary ?? report.error.code}\nRuntime dependencies were NOT audited in this run.`);
  process.exit(0);
}
const open = [];
for (const [name, v] of Object.entries(report.vulnerabilities ?? {})) {
  for (const via of v.via) {
    if (typeof via !== 'object') continue;
    const reason = accepted[via.url] ?? accepted[String(via.source)];
    if (reason) console.log(`accepted: ${name} ${via.url} — ${reason}`);
    else open.push(`${name}: ${via.title} (${via.severity}) ${via.url}`);
  }
}
if (open.length) {
  console.error(`npm audit --omit=dev found ${open.length} advisory(ies) without an explanation in .ci/audit-accepted.json:\n${open.join('\n')}`);
  process.exit(1);
}
console.log('npm audit --omit=dev: no unexplained advisories against runtime dependencies.');
