/**
 * `Content-Disposition` for a download: an ASCII `filename` every client understands and the Chinese name in
 * `filename*` (RFC 6266 / 5987), which browsers and WeChat's downloader prefer.
 */
export function attachmentDisposition(asciiName: string, name: string): string {
  return `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
