import { readFile } from 'node:fs/promises';

/**
 * Noto Sans SC (SIL Open Font License), from the `@expo-google-fonts/noto-sans-sc` package: complete TrueType
 * files of about 10 MB per weight covering the whole of Simplified Chinese, so any school or class name prints.
 * pdfkit embeds only the glyphs a poster uses (a poster PDF is some tens of kB). Read once, on the first poster.
 */
const FILES = {
  regular: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
} as const;

export interface PosterFonts {
  regular: Buffer;
  bold: Buffer;
}

let loading: Promise<PosterFonts> | null = null;

export function posterFonts(): Promise<PosterFonts> {
  loading ??= Promise.all([readFile(require.resolve(FILES.regular)), readFile(require.resolve(FILES.bold))])
    .then(([regular, bold]) => ({ regular, bold }))
    .catch((e: unknown) => {
      loading = null; // a failed read is tried again by the next poster
      throw e;
    });
  return loading;
}
