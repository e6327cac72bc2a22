import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ProjectStore } from '../../main/store/project-store';
import { cleanupTempDirs, makeTempDir } from '../helpers/make-media';

afterAll(cleanupTempDirs);

const root = path.resolve(import.meta.dirname, '../..');
const script = path.join(root, 'test/store/fixtures/edit-loop.ts');

/** Runs the edit loop until it has acknowledged `killAfter` commits, then SIGKILLs it. */
function runAndKill(dir: string, killAfter: number): Promise<{ acknowledged: number; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, dir, '1000000'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let acknowledged = 0;
    let buffer = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) acknowledged = Math.max(acknowledged, Number(line));
      if (acknowledged >= killAfter && child.exitCode === null && !child.killed) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`edit loop ended on its own (code ${code}): ${stderr}`));
      else resolve({ acknowledged, signal });
    });
  });
}

describe('a process killed mid-edit', () => {
  it('leaves every committed edit and no partial one', async () => {
    const store = await ProjectStore.create(makeTempDir('crash'), { name: 'Crash' });
    store.close();

    const { acknowledged, signal } = await runAndKill(store.dir, 150);
    expect(signal).toBe('SIGKILL');
    expect(acknowledged).toBeGreaterThanOrEqual(150);

    const reopened = await ProjectStore.open(store.dir);
    const shots = reopened.shots.list();
    const style = reopened.project.get().style;
    const integrity = reopened.integrityCheck();
    reopened.close();

    expect(integrity).toBe('ok');
    // Every acknowledged edit is there; at most the one in flight also committed before the kill.
    expect(shots.length).toBeGreaterThanOrEqual(acknowledged);
    expect(shots.length).toBeLessThanOrEqual(acknowledged + 1);
    // Both halves of each edit's transaction agree, and every row is whole and in order.
    expect(style).toBe(`edits=${shots.length}`);
    shots.forEach((shot, i) => {
      const n = i + 1;
      expect(shot.title).toBe(`edit ${n}`);
      expect(shot.prompt).toBe(`${n}:`.padEnd(4000, String(n % 10)));
    });
  });
});
