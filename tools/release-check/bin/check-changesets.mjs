#!/usr/bin/env node
// Fails when a package changed in a way its users see without a changeset naming it.
// The changes considered are those since the last release (the last commit that
// touched a CHANGELOG.md), committed or not.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = process.argv[2] ?? process.cwd();
const git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

/** Files whose change users of the package see. */
const USER_VISIBLE = /^(src|native|include|bin|scripts|templates)\/|^(package\.json|generators\.json)$/;
const NOT_SHIPPED = /(\.test\.ts|\/test\/|\/bench\/|^test\/|^bench\/)/;

function publicPackages() {
  const out = new Map();
  for (const group of ['packages', 'gadgets', 'tools']) {
    const dir = join(root, group);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      const file = join(dir, name, 'package.json');
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, 'utf8'));
      if (!pkg.private) out.set(`${group}/${name}/`, pkg.name);
    }
  }
  return out;
}

function pendingChangesets() {
  const dir = join(root, '.changeset');
  const named = new Set();
  if (!existsSync(dir)) return named;
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.md') && n !== 'README.md')) {
    const front = /^---\n([\s\S]*?)\n---/.exec(readFileSync(join(dir, f), 'utf8'));
    for (const line of front?.[1].split('\n') ?? []) {
      const m = /^\s*["']?([^"':]+)["']?\s*:\s*(major|minor|patch)\s*$/.exec(line);
      if (m) named.add(m[1]);
    }
  }
  return named;
}

const lastRelease = git('log', '-1', '--format=%H', '--', '*CHANGELOG.md');
const base = lastRelease || EMPTY_TREE;
const changed = new Set(git('diff', '--name-only', base).split('\n').filter(Boolean));
for (const line of git('status', '--porcelain', '--untracked-files=all').split('\n').filter(Boolean)) changed.add(line.slice(3));

const packages = publicPackages();
const named = pendingChangesets();
const missing = new Map();
for (const file of changed) {
  for (const [prefix, name] of packages) {
    if (!file.startsWith(prefix)) continue;
    const inner = file.slice(prefix.length);
    if (USER_VISIBLE.test(inner) && !NOT_SHIPPED.test(inner) && !named.has(name)) {
      missing.set(name, [...(missing.get(name) ?? []), inner]);
    }
  }
}
if (missing.size === 0) {
  console.log(`changesets: every changed package has one (${named.size} named, since ${lastRelease ? lastRelease.slice(0, 10) : 'the first commit'})`);
} else {
  for (const [name, files] of missing) {
    console.error(`changesets: ${name} changed (${files.slice(0, 3).join(', ')}${files.length > 3 ? ', ...' : ''}) but no changeset names it; run: npx changeset`);
  }
  process.exitCode = 1;
}
