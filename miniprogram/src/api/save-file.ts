import Taro from '@tarojs/taro';

/** h5: hands `href` (a blob URL or a downloaded file's path) to the browser as a download named `fileName`. */
export function browserDownload(href: string, fileName: string): void {
  const a = document.createElement('a');
  a.href = href;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/**
 * A downloaded spreadsheet (the temp path `downloadFile` gave): on h5 the browser saves it as `fileName`; in WeChat it
 * opens in the document viewer, whose menu saves or forwards it.
 */
export async function openSpreadsheet(path: string, fileName: string): Promise<void> {
  if (process.env.TARO_ENV === 'h5') browserDownload(path, fileName);
  else await Taro.openDocument({ filePath: path, fileType: 'xlsx', showMenu: true });
}
