import type { EngineCommand, EngineEvent } from '../../src-shared/protocol/engine';
import type { MenuCommand, OpenedFile } from '../../src-shared/protocol/app-api';

/** A connection to an engine session (a Web Worker, or the utility process's MessagePort). */
export interface EngineConnection {
  post(command: EngineCommand): void;
  onEvent(listener: (event: EngineEvent) => void): () => void;
}

/** What differs between the desktop and the browser edition; nothing else in the renderer does. */
export interface Platform {
  kind: 'desktop' | 'browser';
  engine: EngineConnection;
  openFile(): Promise<OpenedFile | null>;
  saveFile(text: string, options: { saveAs: boolean; suggestedName?: string }): Promise<{ filePath: string } | null>;
  setDocumentState(state: { filePath: string | null; dirty: boolean; text: string }): void;
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  onFileOpened(listener: (file: OpenedFile) => void): () => void;
}
