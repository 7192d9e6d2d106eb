import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DocumentController, documentTitle, type FileDialogs, type SaveChoice } from '../../src-main/main/files';
import { RecentFiles } from '../../src-main/main/recent-files';
import { RecoveryStore, type DocumentState } from '../../src-main/main/recovery';
import { createExperiment, parseExperiment, serializeExperiment } from '../../src-shared/experiment';
import { POST_LESSON } from '../../src-shared/lessons/post';
import { getPreset } from '../../src-shared/presets';
import type { MenuCommand, OpenedFile } from '../../src-shared/protocol/app-api';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'nnd-files-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const experimentText = (presetId: string, name: string): string =>
  serializeExperiment(createExperiment(getPreset(presetId)!.setup, { name }));

/** Dialog answers queued by the test; a question nobody expected fails the test. */
function scriptedDialogs() {
  const answers = { open: [] as (string | null)[], save: [] as (string | null)[], unsaved: [] as SaveChoice[], revert: [] as boolean[], overwrite: [] as boolean[] };
  const asked: string[] = [];
  const told: string[][] = [];
  const take = <T>(queue: T[], what: string): T => {
    if (queue.length === 0) throw new Error(`unexpected dialog: ${what}`);
    return queue.shift() as T;
  };
  const dialogs: FileDialogs = {
    chooseFileToOpen: async () => (asked.push('open'), take(answers.open, 'open')),
    chooseSavePath: async (suggested) => (asked.push(`save ${suggested}`), take(answers.save, 'save')),
    askToSaveChanges: async (name) => (asked.push(`unsaved ${name}`), take(answers.unsaved, 'unsaved')),
    confirmRevert: async (name) => (asked.push(`revert ${name}`), take(answers.revert, 'revert')),
    confirmOverwrite: async (filePath) => (asked.push(`overwrite ${filePath}`), take(answers.overwrite, 'overwrite')),
    tellAboutLeftovers: async (notes) => void told.push(notes),
  };
  return { dialogs, answers, asked, told };
}

/** `page`: plays the page's side of a flush request (absent: no page can answer). */
function setup(flush: { page?: (requestId: number) => boolean; timeoutMs?: number } = {}) {
  const { dialogs, answers, asked, told } = scriptedDialogs();
  const titles: string[] = [];
  const edited: boolean[] = [];
  const commands: MenuCommand[] = [];
  const opened: OpenedFile[] = [];
  const menuLists: (readonly string[])[] = [];
  const recentFile = path.join(dir, 'userData', 'recent-files.json');
  const recent = new RecentFiles(recentFile, (files) => menuLists.push(files));
  const recovery = new RecoveryStore(path.join(dir, 'userData', 'recovery.json'), 20);
  const controller = new DocumentController({
    appName: 'NN Designer',
    dialogs,
    recent,
    recovery,
    window: {
      setTitle: (t) => titles.push(t),
      setEdited: (dirty) => edited.push(dirty),
      sendMenuCommand: (c) => commands.push(c),
      sendFileOpened: (f) => opened.push(f),
      requestFlush: flush.page,
    },
    flushTimeoutMs: flush.timeoutMs,
  });
  return { controller, answers, asked, told, titles, edited, commands, opened, recent, recentFile, menuLists, recovery };
}

describe('DocumentController', () => {
  it('saves through the Save dialog, then saves in place, atomically, keeping a backup', async () => {
    const t = setup();
    const text = experimentText('xor-2-4-1', 'XOR');
    t.controller.setDocumentState({ filePath: null, dirty: true, text });
    expect(t.titles.at(-1)).toBe('Untitled — Edited — NN Designer');

    const chosen = path.join(dir, 'xor'); // typed without an extension
    t.answers.save.push(chosen);
    const saved = await t.controller.save(text, { saveAs: false, suggestedName: 'XOR' });
    expect(t.asked).toEqual(['save XOR.nnd']);
    expect(saved).toEqual({ filePath: chosen + '.nnd' });
    expect(readFileSync(chosen + '.nnd', 'utf8')).toBe(text);
    expect(t.titles.at(-1)).toBe('xor.nnd — NN Designer');
    expect(t.edited.at(-1)).toBe(false);
    expect(t.recent.list()).toEqual([chosen + '.nnd']);

    // Second save: no dialog, same file, the previous version kept as .bak.
    const changed = experimentText('xor-2-4-1', 'XOR, second version');
    t.controller.setDocumentState({ filePath: chosen + '.nnd', dirty: true, text: changed });
    await t.controller.save(changed, { saveAs: false });
    expect(t.asked).toHaveLength(1);
    expect(readFileSync(chosen + '.nnd', 'utf8')).toBe(changed);
    expect(readFileSync(chosen + '.nnd.bak', 'utf8')).toBe(text);

    // Save As asks again, suggesting the current name in the current folder.
    t.answers.save.push(null);
    expect(await t.controller.save(changed, { saveAs: true })).toBeNull();
    expect(t.asked.at(-1)).toBe(`save ${path.join(dir, 'xor.nnd')}`);
  });

  it('tells the user about temporary files an interrupted save left, after saving', async () => {
    const t = setup();
    const file = path.join(dir, 'xor.nnd');
    const text = experimentText('xor-2-4-1', 'XOR');
    writeFileSync(file, text);
    utimesSync(file, new Date(Date.now() - 3600_000), new Date(Date.now() - 3600_000));
    const leftover = path.join(dir, '.xor.nnd.0123456789ab.nnd-save.tmp');
    writeFileSync(leftover, text.slice(0, 100)); // a crash mid-save: newer than the file
    t.controller.setDocumentState({ filePath: null, dirty: true, text });
    t.answers.save.push(file);
    await t.controller.save(text, { saveAs: true });
    await new Promise((r) => setImmediate(r));
    expect(t.told).toEqual([[expect.stringMatching(/^Kept .*\.xor\.nnd\.0123456789ab\.nnd-save\.tmp: a temporary file from an interrupted save, newer than xor\.nnd/)]]);
    expect(existsSync(leftover)).toBe(true);
    // The next save finds the file newer than the leftover: removed, and said so.
    utimesSync(leftover, new Date(Date.now() - 600_000), new Date(Date.now() - 600_000));
    await t.controller.save(text, { saveAs: false });
    await new Promise((r) => setImmediate(r));
    expect(t.told.at(-1)).toEqual(['Removed a temporary file left by an interrupted save of xor.nnd.']);
    expect(existsSync(leftover)).toBe(false);
  });

  it('refuses to write text that would not open again', async () => {
    const t = setup();
    await expect(t.controller.save('{"format": "nn-designer-experiment"}', { saveAs: false })).rejects.toThrow(/Not saved: the experiment is not valid/);
    expect(t.asked).toEqual([]);
  });

  it('opens a valid file from the Open dialog and remembers it; an invalid one opens nothing and lists problems', async () => {
    const t = setup();
    const good = path.join(dir, 'and.nnd');
    writeFileSync(good, experimentText('and-neuron', 'AND'));
    t.answers.open.push(good);
    const opened = await t.controller.open();
    expect(opened).toMatchObject({ ok: true, filePath: good });
    if (!opened?.ok) throw new Error('expected ok');
    const parsed = parseExperiment(opened.text);
    expect(parsed.ok && parsed.experiment.name).toBe('AND');
    expect(t.titles.at(-1)).toBe('and.nnd — NN Designer');
    expect(t.recent.list()).toEqual([good]);

    const bad = path.join(dir, 'bad.nnd');
    const badDoc = JSON.parse(experimentText('and-neuron', 'bad')) as { setup: { design: { nodes: { params: { units: unknown } }[] } } };
    badDoc.setup.design.nodes[0].params.units = 'two';
    writeFileSync(bad, JSON.stringify(badDoc));
    t.answers.open.push(bad);
    const rejected = await t.controller.open();
    expect(rejected?.ok).toBe(false);
    if (rejected?.ok !== false) throw new Error('expected problems');
    expect(rejected.problems[0].path).toBe('setup.design.nodes[0].params.units');
    // Nothing changed: still the good file, and the bad one is not in Open Recent.
    expect(t.controller.document.filePath).toBe(good);
    expect(t.recent.list()).toEqual([good]);

    writeFileSync(path.join(dir, 'not-json.nnd'), 'hello');
    t.answers.open.push(path.join(dir, 'not-json.nnd'));
    const notJson = await t.controller.open();
    expect(notJson).toMatchObject({ ok: false, problems: [{ path: '(file)' }] });

    t.answers.open.push(null); // cancelled
    expect(await t.controller.open()).toBeNull();
  });

  it('hands a lesson file to the page as a lesson, leaving the document as it is; a malformed one lists its problems', async () => {
    const t = setup();
    const good = path.join(dir, 'and.nnd');
    writeFileSync(good, experimentText('and-neuron', 'AND'));
    t.answers.open.push(good);
    await t.controller.open();
    const lessonPath = path.join(dir, 'post.nndlesson');
    writeFileSync(lessonPath, JSON.stringify(POST_LESSON));
    t.answers.open.push(lessonPath);
    const lesson = await t.controller.open();
    expect(lesson).toMatchObject({ ok: true, filePath: lessonPath, kind: 'lesson' });
    if (!lesson?.ok) throw new Error('expected ok');
    expect(JSON.parse(lesson.text)).toEqual(POST_LESSON);
    expect(t.controller.document.filePath).toBe(good);
    expect(t.recent.list()).toEqual([good]);

    const bad = path.join(dir, 'bad.nndlesson');
    writeFileSync(bad, JSON.stringify({ ...POST_LESSON, steps: [{ ...POST_LESSON.steps[0], from: { preset: 'no-such' } }] }));
    t.answers.open.push(bad);
    const rejected = await t.controller.open();
    expect(rejected).toMatchObject({ ok: false, problems: [{ path: 'steps[0].from.preset' }] });
  });

  it('asks Save / Don’t Save / Cancel before replacing or closing unsaved work, and acts on the answer', async () => {
    const t = setup();
    const file = path.join(dir, 'xor.nnd');
    const original = experimentText('xor-2-4-1', 'XOR');
    writeFileSync(file, original);
    await t.controller.read(file);
    const edited = experimentText('xor-2-4-1', 'XOR (edited)');
    t.controller.setDocumentState({ filePath: file, dirty: true, text: edited });

    // Cancel: nothing happens.
    t.answers.unsaved.push('cancel', 'cancel');
    await t.controller.runMenuCommand('file.new');
    expect(t.commands).toEqual([]);
    expect(await t.controller.confirmClose()).toBe(false);
    expect(t.asked).toEqual(['unsaved xor.nnd', 'unsaved xor.nnd']);
    expect(readFileSync(file, 'utf8')).toBe(original);

    // Save: main writes the latest text it was given, then the command goes on.
    t.answers.unsaved.push('save');
    await t.controller.runMenuCommand('preset:xor-2-4-1');
    expect(t.commands).toEqual(['preset:xor-2-4-1']);
    expect(readFileSync(file, 'utf8')).toBe(edited);
    expect(t.controller.document.dirty).toBe(false);

    // Don't Save: goes on without writing.
    t.controller.setDocumentState({ filePath: file, dirty: true, text: experimentText('xor-2-4-1', 'never saved') });
    t.answers.unsaved.push('discard');
    expect(await t.controller.confirmClose()).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(edited);

    // A clean document closes without a question.
    t.controller.setDocumentState({ filePath: file, dirty: false, text: edited });
    const asked = t.asked.length;
    expect(await t.controller.confirmClose()).toBe(true);
    expect(t.asked.length).toBe(asked);
  });

  it('Save on an untitled document asks for a path; cancelling that cancels the close', async () => {
    const t = setup();
    t.controller.setDocumentState({ filePath: null, dirty: true, text: experimentText('and-neuron', 'new') });
    t.answers.unsaved.push('save');
    t.answers.save.push(null);
    expect(await t.controller.confirmClose()).toBe(false);
    t.answers.unsaved.push('save');
    t.answers.save.push(path.join(dir, 'new.nnd'));
    expect(await t.controller.confirmClose()).toBe(true);
    expect(existsSync(path.join(dir, 'new.nnd'))).toBe(true);
  });

  it('File > Open from the menu sends the opened file to the renderer; other commands pass straight through', async () => {
    const t = setup();
    const file = path.join(dir, 'and.nnd');
    writeFileSync(file, experimentText('and-neuron', 'AND'));
    t.answers.open.push(file);
    await t.controller.runMenuCommand('file.open');
    expect(t.opened).toHaveLength(1);
    expect(t.opened[0]).toMatchObject({ ok: true, filePath: file });
    await t.controller.runMenuCommand('train.toggle');
    await t.controller.runMenuCommand('file.save');
    expect(t.commands).toEqual(['train.toggle', 'file.save']);
  });

  it('Revert rereads the saved file after confirming', async () => {
    const t = setup();
    const file = path.join(dir, 'xor.nnd');
    const saved = experimentText('xor-2-4-1', 'saved');
    writeFileSync(file, saved);
    await t.controller.read(file);
    t.controller.setDocumentState({ filePath: file, dirty: true, text: experimentText('xor-2-4-1', 'edited') });
    t.answers.revert.push(false);
    await t.controller.runMenuCommand('file.revert');
    expect(t.opened).toHaveLength(0);
    t.answers.revert.push(true);
    await t.controller.runMenuCommand('file.revert');
    expect(t.opened).toHaveLength(1);
    expect(t.opened[0]).toMatchObject({ ok: true, filePath: file, text: saved });
    expect(t.controller.document.dirty).toBe(false);
  });

  it('Open Recent only opens files on the list, drops files that vanished, and the list survives a restart', async () => {
    const t = setup();
    const a = path.join(dir, 'a.nnd');
    const b = path.join(dir, 'b.nnd');
    writeFileSync(a, experimentText('and-neuron', 'A'));
    writeFileSync(b, experimentText('xor-neuron', 'B'));
    await t.controller.openPath(a);
    await t.controller.openPath(b);
    await t.controller.openPath(a);
    expect(t.recent.list()).toEqual([a, b]);
    expect(t.menuLists.at(-1)).toEqual([a, b]);

    const stranger = path.join(dir, 'elsewhere.json');
    writeFileSync(stranger, experimentText('and-neuron', 'C'));
    expect(await t.controller.openRecent(stranger)).toMatchObject({ ok: false, problems: [{ message: 'This file is not in the Open Recent list.' }] });

    rmSync(b);
    const gone = await t.controller.openRecent(b);
    expect(gone).toMatchObject({ ok: false });
    expect(gone.ok === false && gone.problems[0].message).toMatch(/does not exist/);
    expect(t.recent.list()).toEqual([a]);

    // A new process reads the same list from userData.
    await t.recent.clear().then(() => t.recent.add(a));
    expect(new RecentFiles(t.recentFile).list()).toEqual([a]);
    writeFileSync(t.recentFile, '{ not json');
    expect(new RecentFiles(t.recentFile).list()).toEqual([]);
  });

  it('never takes a document path from the page: Save goes through the dialog or to main’s own file', async () => {
    const t = setup();
    const victim = path.join(dir, 'victim.txt');
    writeFileSync(victim, 'precious');
    const text = experimentText('xor-2-4-1', 'XOR');
    // An untitled document: the page names a file, Save still asks where.
    t.controller.setDocumentState({ filePath: victim, dirty: true, text });
    expect(t.controller.document.filePath).toBeNull();
    t.answers.save.push(null);
    expect(await t.controller.save(text, { saveAs: false, suggestedName: 'XOR' })).toBeNull();
    expect(t.asked).toEqual(['save XOR.nnd']);
    // Closing with "Save" asks too, rather than writing to the page's path.
    t.answers.unsaved.push('save');
    t.answers.save.push(null);
    expect(await t.controller.confirmClose()).toBe(false);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(existsSync(victim + '.bak')).toBe(false);

    // A document main opened keeps main's path whatever the page says.
    const own = path.join(dir, 'own.nnd');
    writeFileSync(own, text);
    await t.controller.read(own);
    t.controller.setDocumentState({ filePath: victim, dirty: true, text });
    expect(t.controller.document.filePath).toBe(own);
    await t.controller.save(text, { saveAs: false });
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(existsSync(own + '.bak')).toBe(true);

    // The page may drop the path (New) and adopt only the path of a recovery copy main handed it.
    t.controller.setDocumentState({ filePath: null, dirty: false, text });
    expect(t.controller.document.filePath).toBeNull();
    t.controller.allowRecoveredPath(own);
    t.controller.setDocumentState({ filePath: own, dirty: true, text });
    expect(t.controller.document.filePath).toBe(own);
  });

  it('asks before replacing a file whose extension was added after the Save dialog; Cancel writes nothing', async () => {
    const t = setup();
    const existing = path.join(dir, 'xor.nnd');
    const old = experimentText('and-neuron', 'old');
    writeFileSync(existing, old);
    const text = experimentText('xor-2-4-1', 'XOR');
    t.answers.save.push(path.join(dir, 'xor')); // the dialog checked "xor", which does not exist
    t.answers.overwrite.push(false);
    expect(await t.controller.save(text, { saveAs: true })).toBeNull();
    expect(t.asked.at(-1)).toBe(`overwrite ${existing}`);
    expect(readFileSync(existing, 'utf8')).toBe(old);
    expect(existsSync(existing + '.bak')).toBe(false);
    expect(t.controller.document.filePath).toBeNull();

    t.answers.save.push(path.join(dir, 'xor'));
    t.answers.overwrite.push(true);
    expect(await t.controller.save(text, { saveAs: true })).toEqual({ filePath: existing });
    expect(readFileSync(existing, 'utf8')).toBe(text);
  });

  it('asks the page for its latest document before deciding about unsaved work; "Save" writes that answer', async () => {
    // The page's state that main has not heard of yet: an edit inside the debounce, a value being typed.
    let pageState: DocumentState | null = null;
    const requests: number[] = [];
    const t = setup({
      page: (requestId) => {
        requests.push(requestId);
        // Answers arrive later, as IPC does.
        setTimeout(() => t.controller.answerFlush(requestId, pageState), 5);
        return true;
      },
      timeoutMs: 10_000, // an answer that did not come would fail the test by its own timeout
    });
    const file = path.join(dir, 'xor.nnd');
    const original = experimentText('xor-2-4-1', 'XOR');
    writeFileSync(file, original);
    await t.controller.read(file);
    t.controller.setDocumentState({ filePath: file, dirty: true, text: experimentText('xor-2-4-1', 'debounced, old') });
    const latest = experimentText('xor-2-4-1', 'latest');
    pageState = { filePath: file, dirty: true, text: latest };

    t.answers.unsaved.push('save');
    expect(await t.controller.confirmClose()).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(latest);
    expect(requests).toHaveLength(1);

    // Main thinks the document is clean, but a value is still being typed: New asks first.
    pageState = { filePath: file, dirty: true, text: experimentText('xor-2-4-1', 'typed') };
    t.answers.unsaved.push('cancel');
    await t.controller.runMenuCommand('file.new');
    expect(t.commands).toEqual([]);
    expect(t.asked.at(-1)).toBe('unsaved xor.nnd');

    // Revert too: it confirms only because the page's answer says there are changes.
    t.controller.setDocumentState({ filePath: file, dirty: false, text: latest });
    t.answers.revert.push(false);
    await t.controller.runMenuCommand('file.revert');
    expect(t.asked.at(-1)).toBe('revert xor.nnd');

    // Open, Open Recent, a preset, and the page's own confirmDiscard ask as well.
    pageState = null; // a page without a handler yet: main goes on with what it has
    t.controller.setDocumentState({ filePath: file, dirty: false, text: latest });
    t.answers.open.push(null);
    await t.controller.open();
    await t.controller.openRecent(file);
    await t.controller.runMenuCommand('preset:and-neuron');
    expect(await t.controller.confirmDiscard()).toBe(true);
    expect(t.commands).toEqual(['preset:and-neuron']);
    expect(requests).toHaveLength(7);
    expect(new Set(requests).size).toBe(7);
  });

  it('a page that never answers the flush request holds nothing up for longer than the timeout', async () => {
    const t = setup({ page: () => true, timeoutMs: 100 });
    const file = path.join(dir, 'xor.nnd');
    const known = experimentText('xor-2-4-1', 'known to main');
    t.controller.setDocumentState({ filePath: null, dirty: true, text: known });
    t.answers.unsaved.push('save');
    t.answers.save.push(file);
    const started = performance.now();
    expect(await t.controller.confirmClose()).toBe(true);
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(95);
    expect(waited).toBeLessThan(2000);
    expect(readFileSync(file, 'utf8')).toBe(known); // the state main had

    // Without a page to ask (not loaded, crashed), no waiting at all.
    const none = setup({ page: () => false, timeoutMs: 10_000 });
    const start2 = performance.now();
    expect(await none.controller.confirmClose()).toBe(true);
    expect(performance.now() - start2).toBeLessThan(1000);
  });

  it('titles: file name first, an edited marker, the app name last', () => {
    expect(documentTitle(null, false, 'NN Designer')).toBe('Untitled — NN Designer');
    expect(documentTitle('/x/y/xor.nnd', true, 'NN Designer')).toBe('xor.nnd — Edited — NN Designer');
  });
});
