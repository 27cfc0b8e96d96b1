import { DataFormatError } from './errors';

/** Decompresses gzip bytes; `name` is the file, for the error when the data is corrupt or truncated. */
export type Gunzip = (bytes: Uint8Array, name: string) => Promise<Uint8Array>;

/** True when `bytes` start with the gzip magic (1f 8b); we sniff content rather than trust a `.gz` name. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Gunzip with the web `DecompressionStream` (browsers, Deno, Node 18+); no Node modules involved. */
export const gunzipWeb: Gunzip = async (bytes, name) => {
  if (typeof DecompressionStream === 'undefined') {
    throw new Error(
      `${name}: cannot decompress gzip here (no DecompressionStream); decompress the file first`,
    );
  }
  try {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
      .stream()
      .pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (e) {
    throw new DataFormatError(name, `gzip data is corrupt or truncated (${(e as Error).message})`);
  }
};

/** Decompresses `bytes` if they are gzip, else returns them as they are. */
export async function maybeGunzip(bytes: Uint8Array, name: string, gunzip: Gunzip): Promise<Uint8Array> {
  return isGzip(bytes) ? gunzip(bytes, name) : bytes;
}
