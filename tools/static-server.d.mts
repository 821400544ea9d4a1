// Types of tools/static-server.mjs, for the e2e tests that start one.
export interface StaticServer {
  /** Where the folder is served, ending in the base path. */
  url: string;
  /** Holds back requests whose path matches until `until` settles. */
  hold(match: (path: string) => boolean, until: Promise<unknown>): void;
  close(): Promise<void>;
}

export function startStaticServer(options: {
  root: string;
  base?: string;
  port?: number;
  host?: string;
  isolate?: boolean;
  /** 'all' (default): gzip on every file but PNGs; 'text': only text, JavaScript, JSON and WebAssembly. */
  compress?: 'all' | 'text';
}): Promise<StaticServer>;

/** Whether the server in mode `compress` sends the file at `path` gzipped. */
export function compresses(compress: 'all' | 'text', path: string): boolean;

/** A body as the server gzips it. */
export function gzipBytes(raw: Uint8Array): Promise<Buffer>;
