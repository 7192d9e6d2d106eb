/**
 * Globals that Node has at run time but @types/node 20 does not declare, as far as src-shared's
 * engine uses them (in the page and its Web Worker, lib.dom declares them). Keeps the Node-side
 * tsconfigs free of the DOM's types.
 */
declare namespace WebAssembly {
  class Module {
    constructor(bytes: ArrayBufferView | ArrayBuffer);
  }
  class Memory {
    constructor(descriptor: { initial: number; maximum?: number });
    readonly buffer: ArrayBuffer;
  }
  class Instance {
    constructor(module: Module, imports?: Record<string, Record<string, unknown>>);
    readonly exports: Record<string, unknown>;
  }
}

/** Node's MessagePort (the global MessageChannel's) takes an `onmessage` handler, like the web's. */
declare module 'worker_threads' {
  interface MessagePort {
    onmessage: ((event: { data: unknown }) => void) | null;
  }
}
