// Which Neon branches the .env files of this workspace connect to: the tree's "in .env" marks.
// Walk 41: only a linked folder's pointer counted, so a connection saved into a folder that is not
// linked went unmarked, and Unlink took main's mark while its .env still led there. Every write
// that names its branch (Save Connection, Link, a checkout: src/env/written.ts) is recorded with
// the digest of the URL written (not the URL: the workspace state holds no password); its mark
// lasts while the file still holds that very URL, read again when the file changes. No request.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseEnv } from '../env/parse';
import { onEnvWritten, type EnvWritten } from '../env/written';
import { envFileFor, envHolds, type LinkStore } from '../git/links';
import { urlDigest } from '../git/mapping';

interface WrittenMark {
  file: string;
  key: string;
  urlDigest: string;
  projectId: string;
  projectName?: string;
  branchId: string;
}

const MARKS = 'neonExplorer.envMarks';

/** The project a recorded write of `key` into `file` connected it to, while the file still holds that very URL. */
export function recordedProject(state: vscode.Memento, file: string, key: string, url: string): { projectId: string; projectName?: string } | undefined {
  const digest = urlDigest(url);
  const m = (state.get<WrittenMark[]>(MARKS) ?? []).find((x) => x.file === path.resolve(file) && x.key === key && x.urlDigest === digest);
  return m && { projectId: m.projectId, ...(m.projectName ? { projectName: m.projectName } : {}) };
}

export class EnvMarks implements vscode.Disposable {
  private marks: WrittenMark[];
  private readonly watchers = new Map<string, vscode.Disposable>();
  private readonly subs: { dispose(): void }[] = [];
  private pending?: ReturnType<typeof setTimeout>;
  private checks: Promise<void> = Promise.resolve();
  private started = false;

  constructor(
    private readonly state: vscode.Memento,
    private readonly links: LinkStore,
    private readonly show: (branchIds: ReadonlySet<string>) => void,
  ) {
    this.marks = state.get<WrittenMark[]>(MARKS) ?? [];
    this.subs.push(onEnvWritten((e) => this.record(e)), links.onDidChange(() => this.schedule()));
    // The first rows are drawn with what was recorded (no file is read during activation); start() checks it.
    const pointers = links.allPointers().filter((p) => !p.deletedAt);
    show(new Set([...this.marks.map((m) => m.branchId), ...pointers.flatMap((p) => [p.branchId, ...(p.stayed ?? []).map((x) => x.branchId)])]));
  }

  /** Watches the files and checks what they hold: once the window has started. */
  start(): void {
    this.started = true;
    this.watch();
    this.schedule();
  }

  /** Forgets every write recorded (the test host: the .env files earlier suites left lead to the same emulated branches). */
  async forget(): Promise<void> {
    this.marks = [];
    await this.state.update(MARKS, []);
    this.watch();
    this.schedule();
  }

  private record(e: EnvWritten): void {
    const b = e.branch;
    const url = b && e.updates[b.key];
    if (b && url) {
      const file = path.resolve(e.file);
      this.marks = [...this.marks.filter((m) => m.file !== file || m.key !== b.key), { file, key: b.key, urlDigest: urlDigest(url), projectId: b.projectId, ...(b.projectName ? { projectName: b.projectName } : {}), branchId: b.branchId }];
      void this.state.update(MARKS, this.marks).then(undefined, () => undefined);
      this.watch();
    }
    this.schedule();
  }

  /** Checks soon (a write and its file events come in bursts). */
  schedule(): void {
    if (this.pending) clearTimeout(this.pending);
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.checks = this.checks.then(() => this.check()).catch(() => undefined);
    }, 50);
  }

  private async check(): Promise<void> {
    const read = new Map<string, Promise<ReadonlyMap<string, string> | undefined>>();
    const envOf = (file: string) => {
      if (!read.has(file)) read.set(file, fsp.readFile(file, 'utf8').then((t) => parseEnv(t.replace(/^\uFEFF/, '')), () => undefined));
      return read.get(file)!;
    };
    const gone = new Set<WrittenMark>();
    for (const m of this.marks) {
      const url = (await envOf(m.file))?.get(m.key);
      if (url === undefined || urlDigest(url) !== m.urlDigest) gone.add(m);
    }
    // Edited, removed or deleted: forgotten, so a later edit back does not claim a write of ours.
    if (gone.size) {
      this.marks = this.marks.filter((m) => !gone.has(m));
      void this.state.update(MARKS, this.marks).then(undefined, () => undefined);
      this.watch();
    }
    const ids = new Set(this.marks.map((m) => m.branchId));
    // A linked folder's pointer (also one written before these marks were kept), and the variables a switch left behind.
    for (const [folder, p] of this.links.pointersByFolder()) {
      if (p.deletedAt) continue;
      for (const x of p.stayed ?? []) ids.add(x.branchId);
      if (await envHolds(folder, this.links.settings(folder), p).catch(() => false)) ids.add(p.branchId);
    }
    this.show(ids);
  }

  /** One watcher per file (a .env may be named anything, anywhere: `neonExplorer.envFile`). */
  private watch(): void {
    if (!this.started) return;
    const files = new Set([...this.marks.map((m) => m.file), ...this.links.pointersByFolder().map(([folder]) => envFileFor(folder, this.links.settings(folder)))]);
    for (const [file, w] of this.watchers) {
      if (files.has(file)) continue;
      w.dispose();
      this.watchers.delete(file);
    }
    for (const file of files) {
      if (this.watchers.has(file)) continue;
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(file)), path.basename(file)));
      const changed = () => this.schedule();
      this.watchers.set(file, vscode.Disposable.from(w, w.onDidChange(changed), w.onDidCreate(changed), w.onDidDelete(changed)));
    }
  }

  dispose(): void {
    if (this.pending) clearTimeout(this.pending);
    for (const w of this.watchers.values()) w.dispose();
    this.watchers.clear();
    for (const s of this.subs) s.dispose();
  }
}
