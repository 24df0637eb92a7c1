import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBoard, listBoards, loadBoard } from './files.js';

const FIXTURE = fileURLToPath(new URL('../../test/fixtures/grafana/service-overview-v39.json', import.meta.url));
let userDir: string;
let shippedDir: string;

beforeAll(async () => {
  userDir = await mkdtemp(join(tmpdir(), 'obs-boards-user-'));
  shippedDir = await mkdtemp(join(tmpdir(), 'obs-boards-shipped-'));
  await writeFile(join(userDir, 'platform-health.yml'), 'title: Mine\npanels: [{ kind: stat, query: up }]\n');
  await writeFile(join(userDir, 'broken.yaml'), 'title: Broken\npanels: [{ kind: stat, query: "sum(up" }]\n');
  await writeFile(join(userDir, 'notes.txt'), 'not a board');
  await writeFile(join(shippedDir, 'platform-health.yaml'), 'title: Shipped\npanels: [{ kind: stat, query: up }]\n');
  await writeFile(join(shippedDir, 'bad.json'), '{"title": "x",\n "panels": [}');
  await copyFile(FIXTURE, join(shippedDir, 'service-overview.json'));
});

afterAll(async () => {
  await rm(userDir, { recursive: true, force: true });
  await rm(shippedDir, { recursive: true, force: true });
});

describe('board files', () => {
  it('lists boards by name, earlier directories first, skipping missing ones', async () => {
    const boards = await listBoards([userDir, join(userDir, 'missing'), shippedDir]);
    expect(boards.map((b) => [b.name, b.format, b.path.startsWith(userDir) ? 'user' : 'shipped'])).toEqual([
      ['bad', 'grafana', 'shipped'],
      ['broken', 'yaml', 'user'],
      ['platform-health', 'yaml', 'user'],
      ['service-overview', 'grafana', 'shipped'],
    ]);
  });

  it('finds a board by name or by path', async () => {
    expect((await findBoard('platform-health', [shippedDir]))?.path).toBe(join(shippedDir, 'platform-health.yaml'));
    expect((await findBoard(FIXTURE, []))?.format).toBe('grafana');
    expect(await findBoard('nope', [userDir])).toBeUndefined();
  });

  it('loads YAML boards with their problems', async () => {
    const good = await loadBoard((await findBoard('platform-health', [userDir]))!);
    expect(good.board?.title).toBe('Mine');
    const broken = await loadBoard((await findBoard('broken', [userDir]))!);
    expect(broken.board).toBeUndefined();
    expect(broken.problems[0]).toMatchObject({ file: join(userDir, 'broken.yaml'), line: 2 });
  });

  it('loads a Grafana dashboard as a board, and says where its JSON is broken', async () => {
    const loaded = await loadBoard((await findBoard('service-overview', [shippedDir]))!);
    expect(loaded.problems).toEqual([]);
    expect(loaded.board?.title).toBe('Service overview');
    expect(loaded.grafana?.converted).toHaveLength(16);
    const bad = await loadBoard((await findBoard('bad', [shippedDir]))!);
    expect(bad.board).toBeUndefined();
    expect(bad.problems).toEqual([expect.objectContaining({ line: 2, message: expect.stringMatching(/^not valid JSON/) })]);
  });
});
