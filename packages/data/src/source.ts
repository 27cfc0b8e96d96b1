import type { Gunzip } from './gzip';
import { gunzipWeb } from './gzip';

/** Bytes given directly, with the name that errors should use. */
export interface NamedBytes {
  readonly data: Uint8Array | ArrayBuffer;
  readonly name: string;
}

/**
 * Where data comes from: bytes (`Uint8Array`, `ArrayBuffer`, or `{data, name}` to name them in errors),
 * a `URL`, or a string: a URL in the main entry, a file path (or http(s) URL) in `@aecnn/data/node`.
 */
export type Source = Uint8Array | ArrayBuffer | URL | string | NamedBytes;

/** How an entry point reads sources and decompresses gzip (fetch + DecompressionStream, or fs + zlib). */
export interface DataIO {
  /** Reads the whole source; `fallbackName` names unnamed bytes in errors. */
  read(source: Source, fallbackName: string): Promise<{ bytes: Uint8Array; name: string }>;
  /** Decompresses gzip. */
  gunzip: Gunzip;
}

/** Returns bytes given directly (no I/O), or undefined when `source` must be fetched or read. */
export function directBytes(
  source: Source,
  fallbackName: string,
): { bytes: Uint8Array; name: string } | undefined {
  if (source instanceof Uint8Array) return { bytes: source, name: fallbackName };
  if (source instanceof ArrayBuffer) return { bytes: new Uint8Array(source), name: fallbackName };
  if (typeof source === 'object' && !(source instanceof URL) && 'data' in source) {
    const data = source.data instanceof Uint8Array ? source.data : new Uint8Array(source.data);
    return { bytes: data, name: source.name };
  }
  return undefined;
}

/** Fetches a URL's bytes; HTTP errors name the URL and status. */
export async function fetchBytes(url: URL | string): Promise<{ bytes: Uint8Array; name: string }> {
  const name = String(url);
  let response: Response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw new Error(`${name}: could not fetch (${(e as Error).message})`);
  }
  if (!response.ok)
    throw new Error(`${name}: could not fetch (HTTP ${response.status} ${response.statusText})`);
  return { bytes: new Uint8Array(await response.arrayBuffer()), name };
}

/** Browser-safe I/O: bytes as given, strings and URLs fetched (relative to the page), gzip via DecompressionStream. */
export const webIO: DataIO = {
  async read(source, fallbackName) {
    const direct = directBytes(source, fallbackName);
    if (direct) return direct;
    if (typeof source === 'string') {
      const base = (globalThis as { location?: { href: string } }).location?.href;
      if (!base && !URL.canParse(source)) {
        throw new Error(
          `${source}: not a URL; to read files by path, import from '@aecnn/data/node' (this entry takes bytes and URLs)`,
        );
      }
      return fetchBytes(base ? new URL(source, base) : source);
    }
    return fetchBytes(source as URL);
  },
  gunzip: gunzipWeb,
};
