#!/usr/bin/env node
// Checks the README, the CHANGELOG and docs/*.md: every relative link or image leads to a file in
// the repository, and every #anchor to a heading of its page (GitHub's slugs). Exit 1 on a broken one.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const pages = ['README.md', 'CHANGELOG.md', ...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** GitHub's heading ids: lower case, punctuation dropped, spaces → '-'. */
const slug = (h) => h.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
function anchors(file) {
  const text = fs.readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => slug(m[1])));
}

const broken = [];
let checked = 0;
for (const page of pages) {
  const file = path.join(ROOT, page);
  const text = fs.readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  for (const m of text.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    const target = m[1];
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:, command:
    checked++;
    const [p, hash] = target.split('#');
    const dest = p ? path.resolve(path.dirname(file), decodeURIComponent(p)) : file;
    if (!fs.existsSync(dest)) broken.push(`${page}: ${target} (no such file)`);
    else if (hash && dest.endsWith('.md') && !anchors(dest).has(hash)) broken.push(`${page}: ${target} (no heading #${hash})`);
  }
}
for (const b of broken) console.log(`broken link: ${b}`);
console.log(`${checked} relative links and images in ${pages.length} pages, ${broken.length} broken`);
process.exit(broken.length ? 1 : 0);
