/** The part of pdfkit's API the posters use (pdfkit ships no TypeScript types). */
declare module 'pdfkit' {
  interface TextOptions {
    width?: number;
    height?: number;
    align?: 'left' | 'center' | 'right' | 'justify';
    lineGap?: number;
    characterSpacing?: number;
    ellipsis?: boolean | string;
  }
  interface DocumentOptions {
    size?: string | [number, number];
    margin?: number;
    autoFirstPage?: boolean;
    info?: Record<string, string | Date>;
    compress?: boolean;
  }
  class PDFDocument {
    constructor(options?: DocumentOptions);
    readonly page: { width: number; height: number };
    y: number;
    on(event: 'data', listener: (chunk: Buffer) => void): this;
    on(event: 'end', listener: () => void): this;
    on(event: 'error', listener: (e: Error) => void): this;
    registerFont(name: string, src: Buffer | string): this;
    font(name: string): this;
    fontSize(size: number): this;
    fillColor(color: string): this;
    strokeColor(color: string): this;
    lineWidth(width: number): this;
    text(text: string, x?: number, y?: number, options?: TextOptions): this;
    heightOfString(text: string, options?: TextOptions): number;
    widthOfString(text: string, options?: TextOptions): number;
    image(src: Buffer, x: number, y: number, options?: { width?: number; height?: number; fit?: [number, number] }): this;
    rect(x: number, y: number, w: number, h: number): this;
    roundedRect(x: number, y: number, w: number, h: number, r: number): this;
    moveTo(x: number, y: number): this;
    lineTo(x: number, y: number): this;
    fill(color?: string): this;
    stroke(): this;
    addPage(): this;
    end(): void;
  }
  export = PDFDocument;
}
