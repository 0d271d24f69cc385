// The part of fontkit (pdfkit's font engine, which ships no types) that pdf.ts uses.
declare module 'fontkit' {
  export function create(buffer: Buffer): { hasGlyphForCodePoint(codePoint: number): boolean };
}
