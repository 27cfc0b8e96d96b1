/** Base64 of bytes through the built-in `btoa` (global in browsers and Node >= 16), for data URIs in both. */
export function base64(bytes: Uint8Array): string {
  let binary = '';
  // NOTE: chunked, because spreading a whole image into String.fromCharCode overflows the argument limit.
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
